// Service quality in the browser: the office opens the units compared by
// on-time rate, one unit's months with their trend chart, and the list of
// late dossiers of a month (screenshots dossiers-NN-*.png).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, launchBrowser, open, screenshot, startServer } from './harness.mjs';

describe('service quality pages', { timeout: 300_000 }, () => {
  let server, browser, page;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
    await open(page, server.url, '/login');
    await page.locator('#login').fill('office');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);
  });

  after(async () => {
    await browser?.stop();
    await server?.stop();
  });

  it('compares the units by on-time rate', async () => {
    const res = await open(page, server.url, '/dossiers');
    assert.equal(res.status(), 200);
    assert.ok(await page.locator('main svg').count() >= 1, 'no chart');
    // the list is paged (web/table_view.c): its count says how many units
    const count = await page.locator('main .table-count').innerText();
    const units = Number(count.match(/^(\d+)/)[1]);
    assert.ok(units > 100, `only ${units} units with dossiers`);
    assert.equal(await page.locator('main table tbody tr').count(), 20, 'one page of 20');
    await screenshot(page, 'dossiers-01-units');
  });

  it('shows a unit month by month and its late dossiers', async () => {
    await page.locator('main table tbody tr a').first().click();
    await page.waitForLoadState('load');
    assert.match(new URL(page.url()).pathname, /^\/dossiers\/[^/]+$/);
    assert.ok(await page.locator('main svg').count() >= 1, 'no trend chart');
    await screenshot(page, 'dossiers-02-unit');
    await page.locator('main a[href*="/late?month="]').first().click();
    await page.waitForLoadState('load');
    assert.match(await page.locator('main').innerText(), /thư xin lỗi/);
    await screenshot(page, 'dossiers-03-late');
    assert.deepEqual(browser.csp, [], 'Content-Security-Policy violations');
  });
});
