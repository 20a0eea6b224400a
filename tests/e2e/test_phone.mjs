// Every list and result page in Chromium at 1366 px and on a 390 px
// phone (issue 11): no page scrolls sideways (wide tables scroll in their
// own box), chart labels stay at least 11 px on the phone, the header is
// not half the screen, axe-core finds no WCAG 2.1 AA violation, a live
// ranking of an unpublished framework says "Dự thảo — chưa công bố" on
// the page and on its charts, and times are Vietnam time (the clock is
// fixed by PARINDEX_NOW at 17:30 UTC: 00:30 the next day in Hà Nội).
// Screenshots: phone-<width>-<page>.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const NOW = '2026-12-03T17:30:00Z';
const LOCAL = '04/12/2026 00:30';

const PAGES = [
  ['dashboard', '/?framework=HN-DEPT-2025'],
  ['dashboard-draft-communes', '/?framework=HN-COMMUNE-2025'],
  ['unit', '/units/SO-NV'],
  ['units', '/units?kind=commune'],
  ['assessment', '/assessments/HN-COMMUNE-2025/X-DAI-THANH'],
  ['dossiers', '/dossiers?year=2026'],
  ['dossier-unit', '/dossiers/X-DAI-THANH?year=2026'],
  ['frameworks', '/frameworks'],
  ['framework', '/frameworks/HN-DEPT-2025'],
  ['public', '/public/results/HN-DISTRICT-2024'],
  ['audit', '/admin/audit'],
];

describe('phones and desks', { timeout: 600_000 }, () => {
  let server, browser, page;
  const saved = process.env.PARINDEX_NOW;

  before(async () => {
    process.env.PARINDEX_NOW = NOW;
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
  });

  after(async () => {
    await browser?.stop();
    await server?.stop();
    if (saved === undefined)
      delete process.env.PARINDEX_NOW;
    else
      process.env.PARINDEX_NOW = saved;
  });

  async function accessible(what) {
    const r = await axeViolations(page);
    assert.deepEqual(r, [], `${what}: WCAG 2.1 AA violations`);
  }

  async function noSideways(what) {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `${what}: the page scrolls sideways by ${wide} px`);
  }

  // the smallest label of the charts shown, in CSS px: 11 px in the
  // chart's units times the scale it is drawn at
  async function smallestChartScale() {
    return page.evaluate(() => {
      let min = Infinity;
      for (const svg of document.querySelectorAll('.chart svg')) {
        const box = svg.getBoundingClientRect();
        if (!box.width)
          continue; // the copy for the other width
        const w = svg.viewBox.baseVal?.width || Number.parseFloat(svg.getAttribute('width'));
        min = Math.min(min, box.width / w);
      }
      return min;
    });
  }

  it('signs in as the administrator', async () => {
    await open(page, server.url, '/login');
    await page.locator('#login').fill('admin');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('form[action="/login"] button[type="submit"]').click()]);
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'));
  });

  for (const width of [1366, 390]) {
    for (const [name, path] of PAGES) {
      it(`${name} at ${width} px`, async () => {
        await page.setViewportSize({ width, height: 844 });
        const res = await open(page, server.url, path);
        assert.equal(res.status(), 200, path);
        await screenshot(page, `phone-${width}-${name}`);
        await noSideways(`${path} at ${width}`);
        await accessible(`${path} at ${width}`);
        const scale = await smallestChartScale();
        if (Number.isFinite(scale))
          assert.ok(scale * 11 >= 10.99, `${path} at ${width}: chart labels drawn at ${(scale * 11).toFixed(1)} px`);
        if (width === 390) {
          const header = await page.evaluate(() => document.querySelector('body > header').getBoundingClientRect().height);
          assert.ok(header < 844 / 3, `${path}: the header takes ${header} px of 844`);
        }
      });
    }
  }

  it('a draft ranking says draft on the page, on its charts and on the chart download', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, server.url, '/?framework=HN-DEPT-2025');
    assert.match(await page.locator('p.draft').innerText(), /Dự thảo — chưa công bố/);
    const labels = await page.locator('.chart-narrow svg').evaluateAll((v) => v.map((s) => s.getAttribute('aria-label')));
    assert.ok(labels.length >= 2);
    for (const l of labels)
      assert.match(l, /^Dự thảo — chưa công bố: /);
    const svg = await page.evaluate(async () => (await fetch('/charts/ranking/HN-DEPT-2025')).text());
    assert.match(svg, /aria-label="Dự thảo — chưa công bố: /);
    // a published framework is not marked
    await open(page, server.url, '/?framework=HN-DEPT-2024');
    assert.equal(await page.locator('p.draft').count(), 0);
  });

  it('times are Vietnam local time, dd/mm/yyyy HH:mm', async () => {
    await open(page, server.url, '/admin/audit?kind=login');
    const first = await page.locator('tbody tr').first().locator('td').nth(1).innerText();
    assert.equal(first, LOCAL, 'the sign-in at 17:30 UTC is 00:30 the next day in Hà Nội');
    await screenshot(page, 'phone-390-audit-local-time');
  });
});
