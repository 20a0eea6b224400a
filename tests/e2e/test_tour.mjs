// The tour a new user takes, in a real browser: sign in as the PAR office,
// the dashboard, switch to English, a unit page, the public results.
// Every step leaves a screenshot in SCREENSHOT_DIR (tour-NN-*.png).
// Assertions are on what the page shows (language, Vietnamese text with
// its diacritics, English labels after the switch, the ranking), never on
// timing. No page may cause a Content-Security-Policy violation (inline
// SVG charts included); the dashboard's chart downloads are real SVG, PNG
// and PDF files.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, VIETNAMESE, launchBrowser, open, screenshot, startServer } from './harness.mjs';

describe('tour: office user', { timeout: 300_000 }, () => {
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

  it('signs in as the demo office user', async () => {
    await open(page, server.url, '/login');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    await page.locator('#login').fill('office');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await screenshot(page, 'tour-01-login');
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'),
      `still on the sign-in page: ${await page.locator('main').innerText()}`);
    // the header offers to sign out, naming the login
    await assert.doesNotReject(
      page.locator('header form[action="/logout"] button').filter({ hasText: 'office' }).waitFor({ timeout: 5000 }),
      'no sign-out button for "office" in the header');
    await screenshot(page, 'tour-02-signed-in');
  });

  it('opens the dashboard in Vietnamese', async () => {
    const res = await open(page, server.url, '/');
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/', 'redirected away from the dashboard');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    const main = await page.locator('main').innerText();
    assert.match(main, VIETNAMESE, 'no Vietnamese text on the dashboard');
    // a ranking: a table with ranked units
    const rows = await page.locator('main table tbody tr').count();
    assert.ok(rows >= 5, `the ranking table has ${rows} rows`);
    // the navigation is translated
    assert.match(await page.locator('header nav').innerText(), /Tổng quan/);
    // the ranking chart, inlined, with its accessible name
    const charts = page.locator('main svg[role="img"]');
    assert.ok(await charts.count() >= 1, 'no chart (svg role="img") on the dashboard');
    assert.ok((await charts.first().getAttribute('aria-label'))?.length > 0, 'chart without an aria-label');
    await screenshot(page, 'tour-03-dashboard');
  });

  it('downloads the ranking chart as SVG, PNG and PDF', async () => {
    const links = page.locator('main a[href^="/charts/ranking/"]');
    assert.ok(await links.count() >= 1, 'no chart download link on the dashboard');
    const href = new URL(await links.first().getAttribute('href'), server.url);
    const magic = { svg: '<svg', png: '\x89PNG\r\n\x1a\n', pdf: '%PDF-' };
    for (const [format, start] of Object.entries(magic)) {
      href.searchParams.set('format', format);
      const res = await page.request.get(href.toString());
      assert.equal(res.status(), 200, `${href.pathname}?format=${format}: ${res.status()}`);
      const body = await res.body();
      assert.equal(body.subarray(0, start.length).toString('latin1'), start, `not a ${format} file`);
    }
  });

  it('switches to English', async () => {
    const link = page.locator('header a[hreflang="en"]');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    const nav = await page.locator('header nav').innerText();
    assert.match(nav, /Dashboard/);
    assert.doesNotMatch(nav, /Tổng quan/);
    // the way back is offered in Vietnamese
    assert.match(await page.locator('header a[hreflang="vi"]').innerText(), /Tiếng Việt/);
    await screenshot(page, 'tour-04-dashboard-en');
  });

  it('opens a unit page (Sở Nội vụ), still in English', async () => {
    const res = await open(page, server.url, '/units/SO-NV');
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/units/SO-NV');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en', 'the language did not stick');
    const main = await page.locator('main').innerText();
    assert.match(main, /Sở Nội vụ/, 'the unit name (with diacritics) is missing');
    assert.match(main, /Index \(%\)|Rank|Grade/, 'no English labels on the unit page');
    await screenshot(page, 'tour-05-unit');
  });

  it('opens the public results without signing in', async () => {
    await browser.context.clearCookies();
    const res = await open(page, server.url, '/public/results/HN-DEPT-2024');
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/public/results/HN-DEPT-2024', 'public results redirected');
    assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
    const main = await page.locator('main').innerText();
    assert.match(main, /Chỉ số cải cách hành chính các sở, ban, ngành thành phố Hà Nội năm 2024/);
    const rows = await page.locator('main table tbody tr').count();
    assert.ok(rows >= 10, `the published ranking has ${rows} rows`);
    const first = await page.locator('main table tbody tr').first().locator('td').first().innerText();
    assert.equal(first.trim(), '1');
    await screenshot(page, 'tour-06-public-results');
  });

  it('caused no Content-Security-Policy violation', () => {
    assert.deepEqual(browser.csp, []);
  });
});
