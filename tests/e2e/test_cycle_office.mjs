// The office's cycle pages in Chromium, at 1366 px and at 390 px: open a
// cycle with a wrong date first (refused, said on the page), then right;
// assign a council member and extend a unit's deadline from the unit's
// assessment page. Every page is checked by axe-core for WCAG 2.1 AA
// (0 violations) and, on the phone, must not scroll sideways.
// Screenshots: cycle-office-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const FIX = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures'), 'cycle');
const FW = 'T-AGENCY-2025';
const day = (n) => new Date(Date.now() + 7 * 3600 * 1000 + n * 86400000).toISOString().slice(0, 10);

describe('the office runs a cycle on the web', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (...args) => execFileSync(PARINDEX, ['--db', server.db, ...args.slice(0, -1)],
    { input: args[args.length - 1] ?? '', encoding: 'utf8' });

  before(async () => {
    server = await startServer();
    cli('unit', 'import', join(FIX, 'units.csv'), '');
    cli('framework', 'import', join(FIX, 't-agency.json'), '');
    cli('user', 'add', 'hd-mot', '--role', 'appraiser', '--name', 'Trần Văn Thẩm Định', 'mat-khau-hoi-dong\n');
    browser = await launchBrowser();
    page = browser.page;
  });

  after(async () => {
    await browser?.stop();
    await server?.stop();
  });

  // axe-core's WCAG 2.1 A and AA rules on the page as it is now (evaluated
  // through the DevTools protocol, so the page's CSP is not weakened)
  async function accessible(what) {
    const r = await axeViolations(page);
    assert.deepEqual(r, [], `${what}: WCAG 2.1 AA violations`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `${what}: the page scrolls sideways by ${wide} px`);
  }

  async function submit(form) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
  }

  it('signs in as the office', async () => {
    await open(page, server.url, '/login');
    await page.locator('#login').fill('office');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await submit(page.locator('form[action="/login"]'));
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'));
  });

  for (const width of [1366, 390]) {
    it(`opens the cycle, assigns, extends at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      const fresh = width === 1366;
      await open(page, server.url, `/cycles/${FW}`);
      if (fresh) {
        const form = page.locator(`form[action="/cycles/${FW}/open"]`);
        await accessible('the open form');
        await screenshot(page, `cycle-office-01-open-${width}`);
        await form.locator('input[name="self_until"]').fill(day(-1));
        await submit(form);
        assert.match(await page.locator('.flash.error').innerText(), /đã qua/, 'a past deadline is refused, in Vietnamese');
        assert.equal(await page.locator('input[name="self_until"]').inputValue(), day(-1), 'what was typed is still there');
        await accessible('the open form with its error');
        await screenshot(page, `cycle-office-01b-open-error-${width}`);
        await page.locator('input[name="self_until"]').fill(day(7));
        await page.locator('input[name="quorum"]').fill('60');
        await submit(page.locator(`form[action="/cycles/${FW}/open"]`));
      }
      assert.match(await page.locator('main').innerText(), /tự đánh giá/i);
      await accessible(`the cycle page at ${width}`);
      await screenshot(page, `cycle-office-02-cycle-${width}`);

      await open(page, server.url, `/assessments/${FW}/A1`);
      if (fresh) {
        const assign = page.locator(`form[action="/assessments/${FW}/A1/appraisers"]`);
        await assign.locator('input[name="login"]').fill('hd-mot');
        await submit(assign);
        const extend = page.locator(`form[action="/assessments/${FW}/A1/extend"]`);
        await extend.locator('input[name="until"]').fill(day(10));
        await extend.locator('input[name="reason"]').fill('Mất điện kéo dài');
        await submit(extend);
      }
      const text = await page.locator('main').innerText();
      assert.match(text, /Trần Văn Thẩm Định/, 'the member by name');
      await accessible(`the assessment page at ${width}`);
      await screenshot(page, `cycle-office-03-assessment-${width}`);
    });
  }
});
