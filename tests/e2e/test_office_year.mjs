// The office runs its year in Chromium without the command line (issue
// 11): from the "Kỳ đánh giá" list it opens a cycle, assigns a council
// member on the cycle page (a member of the unit is shown as recused and
// not offered), moves through every phase by the confirmation page that
// lists what is still missing, and publishes after the warning about
// incomplete units; it makes and revokes an API token (shown once); a
// message typed into a link (?err=) is never shown. Every page this adds
// is checked by axe-core (WCAG 2.1 AA, 0 violations) at 1366 px and at
// 390 px, where it must not scroll sideways. Screenshots: office-year-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const FIX = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures'), 'cycle');
const FW = 'T-AGENCY-2025';
const TITLE = 'Bộ tiêu chí thử nghiệm chu kỳ đánh giá 2025';
const day = (n) => new Date(Date.now() + 7 * 3600 * 1000 + n * 86400000).toISOString().slice(0, 10);

describe('the office does its year in the browser', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (args, input = '') => execFileSync(PARINDEX, ['--db', server.db, ...args], { input, encoding: 'utf8' });

  before(async () => {
    server = await startServer();
    cli(['unit', 'import', join(FIX, 'units.csv')]);
    cli(['framework', 'import', join(FIX, 't-agency.json')]);
    cli(['user', 'add', 'hd-mot', '--role', 'appraiser', '--name', 'Trần Văn Thẩm Định'], 'mat-khau-hoi-dong\n');
    cli(['user', 'add', 'hd-a1', '--role', 'appraiser', '--unit', 'A1', '--name', 'Lê Thị Cùng Đơn Vị'], 'mat-khau-hoi-dong\n');
    browser = await launchBrowser();
    page = browser.page;
  });

  after(async () => {
    assert.deepEqual(browser?.csp ?? [], [], 'no Content-Security-Policy violation');
    await browser?.stop();
    await server?.stop();
  });

  async function accessible(what) {
    const r = await axeViolations(page);
    assert.deepEqual(r, [], `${what}: WCAG 2.1 AA violations`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 0, `${what}: the page scrolls sideways by ${wide} px`);
  }

  async function click(locator) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  }
  const flash = async () => (await page.locator('#flash').count()) ? page.locator('#flash').innerText() : null;
  const main = () => page.locator('main').innerText();

  it('signs in as the office', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await open(page, server.url, '/login');
    await page.locator('#login').fill('office');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await click(page.locator('form[action="/login"] button[type="submit"]'));
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'));
  });

  it('opens the cycle from the list of cycles and assigns a council member', async () => {
    await click(page.locator('header nav a', { hasText: 'Kỳ đánh giá' }));
    assert.equal(new URL(page.url()).pathname, '/cycles');
    assert.match(await main(), new RegExp(`${TITLE}\\s+2025\\s+chưa mở kỳ`));
    await accessible('the list of cycles');
    await screenshot(page, 'office-year-01-cycles-1366');
    await click(page.locator('main a', { hasText: TITLE }));
    await page.locator('input[name="self_until"]').fill(day(0));
    await click(page.locator(`form[action="/cycles/${FW}/open"] button`));
    assert.equal(await flash(), 'Đã mở kỳ đánh giá');
    assert.match(await page.locator('h2').first().innerText(), new RegExp(`Kỳ đánh giá — ${TITLE}`), 'the title, not the code');
    const a1 = page.locator('tr#u-A1');
    const offered = await a1.locator('select[name="login"] option').allInnerTexts();
    assert.ok(offered.includes('Trần Văn Thẩm Định'), offered.join());
    assert.ok(!offered.includes('Lê Thị Cùng Đơn Vị'), 'the member of A1 is not offered for A1');
    assert.ok((await page.locator('tr#u-A2 select[name="login"] option').allInnerTexts()).includes('Lê Thị Cùng Đơn Vị'),
      'but is offered for A2');
    assert.match(await a1.innerText(), /Lê Thị Cùng Đơn Vị — thành viên của đơn vị này: không được phân công/);
    await a1.locator('select[name="login"]').selectOption('hd-mot');
    await click(a1.locator('button', { hasText: 'Phân công' }));
    assert.equal(await flash(), 'Đã phân công');
    assert.match(await page.locator('tr#u-A1').innerText(), /Trần Văn Thẩm Định/);
    await accessible('the cycle page');
    await screenshot(page, 'office-year-02-cycle-1366');
    await page.reload({ waitUntil: 'load' });
    assert.equal(await flash(), null, 'the message was shown once');
  });

  it('never shows a message typed into a link', async () => {
    await open(page, server.url, `/cycles/${FW}?err=${encodeURIComponent('Tài khoản bị khoá, gọi 0900 000 000')}&ok=Published`);
    assert.doesNotMatch(await page.locator('body').innerText(), /0900 000 000|Đã công bố/);
    assert.equal(await flash(), null);
    await screenshot(page, 'office-year-03-no-url-message-1366');
  });

  it('advances with a confirmation that lists what is missing, and publishes after the warning', async () => {
    // before the deadline, with no unit submitted: no button, the reason instead
    await open(page, server.url, `/cycles/${FW}`);
    assert.equal(await page.locator(`form[action="/cycles/${FW}/advance"]`).count(), 0);
    assert.match(await main(), /Chưa thể chuyển sang giai đoạn tiếp theo: còn 2 đơn vị chưa nộp/);
    // the deadline passes (the database's clock, as a day going by)
    execFileSync('sqlite3', [server.db, `UPDATE cycle SET self_until = '${day(-1)}' WHERE framework = '${FW}'`]);
    await page.reload({ waitUntil: 'load' });
    await click(page.locator(`form[action="/cycles/${FW}/advance"] button`));
    assert.equal(new URL(page.url()).pathname, `/cycles/${FW}/advance`);
    const text = await main();
    assert.match(text, /chuyển từ giai đoạn tự đánh giá → thẩm định/);
    assert.match(text, /2 đơn vị chưa nộp bản tự đánh giá: Cơ quan thử nghiệm Một, Cơ quan thử nghiệm Hai/);
    await accessible('the advance confirmation');
    await screenshot(page, 'office-year-04-advance-confirm-1366');
    await click(page.locator('main form button', { hasText: 'Đồng ý, chuyển giai đoạn' }));
    assert.equal(await flash(), 'Đã chuyển sang giai đoạn tiếp theo');
    for (const phase of ['phản hồi', 'hội đồng xem xét', 'đã phê duyệt']) {
      await click(page.locator(`form[action="/cycles/${FW}/advance"] button`));
      await click(page.locator('main form button', { hasText: 'Đồng ý, chuyển giai đoạn' }));
      assert.match(await page.locator('dl.cycle-facts').innerText(), new RegExp(phase), phase);
    }
    // approved: the last step publishes, with the warning about incomplete units
    await click(page.locator(`form[action="/cycles/${FW}/advance"] button`));
    assert.match(await main(), /Bước cuối này công bố kết quả/);
    assert.match(await page.locator('main [role="alert"]').innerText(), /2 đơn vị chưa hoàn tất/);
    await accessible('the publication warning');
    await screenshot(page, 'office-year-05-publish-warning-1366');
    await click(page.locator('main form button', { hasText: 'Đồng ý, công bố kết quả' }));
    assert.match(await page.locator('dl.cycle-facts').innerText(), /đã công bố/);
    await click(page.locator('main a', { hasText: 'Công bố lại' }));
    assert.match(await main(), /Một phiên bản mới sẽ được công bố/);
    await accessible('the republication confirmation');
    await screenshot(page, 'office-year-06-republish-1366');
  });

  it('creates an API token, sees it once, and revokes it', async () => {
    await open(page, server.url, '/account');
    await click(page.locator('main a', { hasText: 'Mã API của tôi' }));
    await page.locator('#token-label').fill('Bảng tính tổng hợp');
    await click(page.locator('form[action="/account/tokens"] button'));
    const secret = await page.locator('#token-secret').innerText();
    assert.match(secret, /^pxt_[A-Za-z0-9_-]{43}$/);
    await accessible('the new token');
    await screenshot(page, 'office-year-07-token-1366');
    const me = await fetch(server.url + '/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 200);
    await open(page, server.url, '/account/tokens');
    assert.ok(!(await page.locator('body').innerText()).includes(secret), 'shown once');
    await click(page.locator('main form[action$="/revoke"] button').first());
    assert.equal(await flash(), 'Đã thu hồi mã API.');
    const after = await fetch(server.url + '/api/v1/me', { headers: { Authorization: `Bearer ${secret}` } });
    assert.equal(after.status, 401, 'revoked');
  });

  it('the admin makes a token for a user', async () => {
    await click(page.locator('header form[action="/logout"] button'));
    await open(page, server.url, '/login');
    await page.locator('#login').fill('admin');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await click(page.locator('form[action="/login"] button[type="submit"]'));
    await open(page, server.url, '/admin/users');
    const form = page.locator('form[action="/admin/tokens"]');
    await form.locator('input[name="login"]').fill('reporter');
    await form.locator('input[name="label"]').fill('Nhập số liệu tự động');
    await click(form.locator('button'));
    assert.match(await page.locator('#token-secret').innerText(), /^pxt_/);
    assert.match(await main(), /Mã API mới của reporter/);
    await accessible('the admin\'s new token');
    await screenshot(page, 'office-year-07b-admin-token-1366');
    await open(page, server.url, '/account/tokens');
    await page.setViewportSize({ width: 390, height: 844 });
    await accessible('the admin\'s tokens at 390 px');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('every page it added works on a 390 px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [p, name] of [['/cycles', 'cycles'], [`/cycles/${FW}`, 'cycle'],
      [`/cycles/${FW}/advance`, 'advance'], [`/cycles/${FW}/publish`, 'publish'], ['/account/tokens', 'tokens'],
      ['/cycles/HN-COMMUNE-2025', 'demo-cycle'], ['/cycles/HN-COMMUNE-2025/advance', 'demo-advance']]) {
      await open(page, server.url, p);
      await accessible(`${p} at 390 px`);
      await screenshot(page, `office-year-08-${name}-390`);
    }
    // the demo's big cycle at 1366 too (a council table of 110 units)
    await page.setViewportSize({ width: 1366, height: 900 });
    await open(page, server.url, '/cycles/HN-COMMUNE-2025');
    await accessible('the demo cycle at 1366 px');
    await screenshot(page, 'office-year-09-demo-cycle-1366');
  });
});
