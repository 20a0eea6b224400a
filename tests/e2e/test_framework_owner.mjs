// A department's own framework in Chromium, at 1366 px and at 390 px: the
// department office (office-vhtt, a grant over Sở Văn hóa và Thể thao)
// finds its own cycle in the list of cycles (and no city cycle), opens it
// (its divisions' progress, the council table it may fill), and the
// framework page names the owner unit. Every page: 0 axe-core WCAG 2.1 AA
// violations, no sideways scroll on the phone.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const OWN = 'SO-VHTT-PHONG-2026';

describe('a department runs its own cycle', { timeout: 300_000 }, () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
  });

  after(async () => {
    await browser?.stop();
    await server?.stop();
  });

  async function accessible(what) {
    const r = await axeViolations(page);
    assert.deepEqual(r, [], `${what}: WCAG 2.1 AA violations`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `${what}: the page scrolls sideways by ${wide} px`);
  }

  async function signIn(login) {
    await page.context().clearCookies();
    await open(page, server.url, '/login');
    await page.locator('#login').fill(login);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('form[action="/login"] button[type="submit"]').click()]);
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'));
  }

  for (const width of [1366, 390]) {
    it(`the department office's cycle at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await signIn('office-vhtt');
      await open(page, server.url, '/cycles');
      await accessible('the list of cycles');
      const links = await page.locator('table a[href^="/cycles/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.deepEqual(links, [`/cycles/${OWN}`], 'its own cycle only');
      await screenshot(page, `owner-01-cycles-${width}`);
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(`a[href="/cycles/${OWN}"]`).click()]);
      await accessible('its cycle');
      assert.match(await page.locator('main').innerText(), /Phòng Tổ chức cán bộ/);
      assert.ok(await page.locator('#council').count() === 1, 'the council table is offered');
      await screenshot(page, `owner-02-cycle-${width}`);
      await open(page, server.url, `/frameworks/${OWN}`);
      await accessible('the framework page');
      assert.match(await page.locator('main').innerText(), /Đơn vị chủ quản: SO-VHTT/);
      await screenshot(page, `owner-03-framework-${width}`);
    });
  }
});
