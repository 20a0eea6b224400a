// Grants in Chromium, at 1366 px and at 390 px: the admin gives a user a
// grant over a division on the users page and revokes it with the grant's
// own button; the department office (office-vhtt, a grant over Sở Văn hóa
// và Thể thao) lands on its home page with its own unit, not on the city's
// dashboard. Every page: 0 axe-core WCAG 2.1 AA violations, no sideways
// scroll on the phone.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';


describe('grants on the web', { timeout: 300_000 }, () => {
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

  async function submit(form) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
  }

  async function signIn(login) {
    await page.context().clearCookies();
    await open(page, server.url, '/login');
    await page.locator('#login').fill(login);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await submit(page.locator('form[action="/login"]'));
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'));
  }

  for (const width of [1366, 390]) {
    it(`the admin gives and revokes a grant at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await signIn('admin');
      await open(page, server.url, '/admin/users');
      await accessible('the users page');
      await screenshot(page, `grants-01-users-${width}`);
      const form = page.locator('form[action="/admin/grants"]');
      await form.locator('#g-login').fill('reporter-xa');
      await form.locator('#g-role').selectOption('reporter');
      await form.locator('#g-unit').fill('SO-VHTT.P01');
      await submit(form);
      assert.match(await page.locator('.flash').innerText(), /Đã cấp quyền/);
      const revoke = page.locator('form[action="/admin/users/reporter-xa/grants/revoke"]')
        .filter({ has: page.locator('input[name="unit"][value="SO-VHTT.P01"]') });
      assert.equal(await revoke.count(), 1, 'the new grant has its revoke button');
      await accessible('the users page with the new grant');
      await screenshot(page, `grants-02-granted-${width}`);
      await submit(revoke);
      assert.match(await page.locator('.flash').innerText(), /Đã thu hồi quyền/);
      assert.equal(await revoke.count(), 0, 'the revoked grant is gone from the list');
    });

    it(`the department office has its own home at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await signIn('office-vhtt');
      await open(page, server.url, '/');
      assert.equal(await page.locator('a[href="/units/SO-VHTT"]').count() > 0, true, 'its own unit');
      await accessible('the department office home');
      await screenshot(page, `grants-03-office-vhtt-${width}`);
    });
  }
});
