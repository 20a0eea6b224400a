// Decree 335 months in Chromium, at 1366 px and at 390 px: the staff
// member lists the month's work items on the self-evaluation form (a rate
// over 100 % is refused next to its field, what was typed is kept), the
// tasks points are computed from the items, the manager sees the items on
// the unit's month and scores with them prefilled. Every page: 0 axe-core
// WCAG 2.1 AA violations and no sideways scroll. Screenshots:
// evaluation-items-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.env.PARINDEX_TODAY = '2026-06-20';

describe('Decree 335 work items on the web', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (args, input) => execFileSync(PARINDEX, ['--db', server.db, ...args], { encoding: 'utf8', input: input ?? '' });

  before(async () => {
    server = await startServer();
    const f = (name, text) => { const p = join(dirname(server.db), name); writeFileSync(p, text); return p; };
    cli(['evaluation', 'rules', 'import', join(ROOT, 'data', 'evaluation-rules', 'HN-3814.json')]);
    cli(['evaluation', 'rules', 'import', join(ROOT, 'data', 'evaluation-rules', 'ND-335-2025.json')]);
    cli(['unit', 'import', f('u.csv', 'code,name,kind,parent\nSO-NV.WI,Phòng Công việc (thử),division,SO-NV\n')]);
    cli(['staff', 'import', f('s.csv', 'code,name,unit_code,category\nW01,Trần Thị Một,SO-NV.WI,civil_servant\n' +
      'W02,Lê Văn Hai,SO-NV.WI,civil_servant\n')]);
    cli(['user', 'add', 'w01', '--role', 'staff', '--unit', 'SO-NV.WI'], DEMO_PASSWORD + '\n');
    cli(['user', 'add', 'lead-wi', '--role', 'leader', '--unit', 'SO-NV'], DEMO_PASSWORD + '\n');
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
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'), `signed in as ${login}`);
  }

  for (const [width, month] of [[1366, '2026-04'], [390, '2026-05']]) {
    it(`work items from the self-evaluation to the manager's score at ${width} px`, async () => {
      await signIn('w01');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, `/evaluation?month=${month}`);
      const form = page.locator('form[action="/evaluation/self"]');
      assert.equal(await form.locator('input[name="p_tasks"]').count(), 0, 'no typed task points');
      await accessible('the self-evaluation with work items');
      await screenshot(page, `evaluation-items-01-self-${width}`);
      await form.locator('input[name="p_general"]').fill('20');
      await form.locator('input[name="i1_title"]').fill('Báo cáo cải cách hành chính tháng');
      await form.locator('input[name="i1_quantity"]').fill('101');
      await form.locator('input[name="i1_quality"]').fill('100');
      await form.locator('input[name="i1_progress"]').fill('100');
      await form.evaluate((f) => { f.noValidate = true; });
      await submit(form);
      assert.match(await page.locator('#err-self-item1-quantity').innerText(), /từ 0 đến 100/, 'the message next to the rate');
      assert.equal(await page.locator('input[name="i1_title"]').inputValue(), 'Báo cáo cải cách hành chính tháng', 'typed title kept');
      assert.equal(await page.locator('input[name="p_general"]').inputValue(), '20', 'typed points kept');
      await accessible('the refused work items');
      await screenshot(page, `evaluation-items-02-error-${width}`);
      await page.locator('input[name="i1_quantity"]').fill('100');
      await page.locator('input[name="i2_title"]').fill('Tiếp nhận hồ sơ một cửa');
      await page.locator('input[name="i2_quantity"]').fill('100');
      await page.locator('input[name="i2_quality"]').fill('100');
      await page.locator('input[name="i2_progress"]').fill('70');
      await submit(page.locator('form[action="/evaluation/self"]'));
      assert.match(await page.locator('main').innerText(), /đã tự đánh giá/);
      cli(['evaluation', 'self', '--staff', 'W02', '--month', month, '--points', 'general=25', '--items', 'Hồ sơ=100/100/100']);

      await signIn('lead-wi');
      await page.setViewportSize({ width, height: 900 });
      const unitMonth = `/evaluation/units/SO-NV.WI/${month}`;
      await open(page, server.url, unitMonth);
      const main = await page.locator('main').innerText();
      assert.match(main, /Tiếp nhận hồ sơ một cửa/, 'the items listed for the manager');
      // 70 x (600 - 30) / 600 = 66,5
      assert.match(main, /66,5/, 'the tasks points computed from the items');
      await accessible("the unit's month with work items");
      await screenshot(page, `evaluation-items-03-unit-${width}`);
      const d = page.locator('details:has(input[name="staff"][value="W01"])');
      await d.locator('summary').click();
      assert.equal(await d.locator('input[name="i2_progress"]').inputValue(), '70', 'the items prefilled');
      await d.locator('input[name="p_general"]').fill('20');
      await d.locator('input[name="i2_progress"]').fill('100');
      await submit(d.locator('form'));
      assert.match(await page.locator('main').innerText(), /theo xác nhận của người quản lý/);
      assert.match(await page.locator('main').innerText(), /lãnh đạo đã chấm/);
      await accessible('the scored month');
    });
  }

  it('the year of one person, the unit year, deadlines, notices and the link in the navigation at 1366 and 390 px', async () => {
    const f = join(dirname(server.db), 'approved.csv');
    writeFileSync(f, 'staff_code,month,general,tasks\nW01,2026-01,20,55\nW02,2026-01,20,50\nW01,2026-02,25,60\nW02,2026-02,20,52.5\n');
    cli(['evaluation', 'import', f, '--rules', 'ND-335-2025']);
    for (const width of [1366, 390]) {
      await signIn('w01');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/evaluation?month=2026-06');
      await page.locator('nav a[href="/evaluation"]').click();
      await page.waitForLoadState('load');
      await page.locator('a[href="/evaluation/people/W01/year/2026"]').click();
      await page.waitForLoadState('load');
      const main = await page.locator('main').innerText();
      assert.match(main, /02\/2026\s+85\s+good/, 'February: 25 + 60');
      assert.equal(await page.locator('main svg').count() > 0, true, 'the chart of the totals');
      await accessible("a person's year");
      await screenshot(page, `evaluation-items-04-person-${width}`);

      await signIn('lead-wi');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/notices');
      assert.match(await page.locator('main').innerText(), /SO-NV.WI: 1 người chờ chấm điểm tháng 05\/2026 \(quá hạn 05\/06\/2026\)/);
      await accessible('the notices with an evaluation notice');
      await open(page, server.url, '/evaluation/units/SO-NV.WI/2026-05');
      assert.match(await page.locator('main').innerText(), /Hạn tự đánh giá 03\/06\/2026/);
      assert.match(await page.locator('main').innerText(), /quá hạn chấm điểm/);
      await accessible("the unit's month with deadlines and downloads");
      await screenshot(page, `evaluation-items-05-deadlines-${width}`);
      await open(page, server.url, '/evaluation/units/SO-NV.WI/year/2026');
      await page.locator('a[href="/evaluation/people/W02/year/2026"]').click();
      await page.waitForLoadState('load');
      assert.match(await page.locator('main').innerText(), /Lê Văn Hai/);
      await accessible("another person's year for the leader");
    }
  });
});
