// The evaluation pages in Chromium, at 1366 px and at 390 px: a staff
// member self-evaluates (a refused form keeps what was typed, the message
// next to its field), the manager scores everyone on the unit's month
// page, the head's approval meets the quota refusal and then passes, the
// office's year overview with its chart. Every page: 0 axe-core WCAG 2.1
// AA violations and, on the phone, no sideways scroll. Screenshots:
// evaluation-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
process.env.PARINDEX_TODAY = '2025-06-20';

describe('staff evaluation on the web', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (args, input) => execFileSync(PARINDEX, ['--db', server.db, ...args], { encoding: 'utf8', input: input ?? '' });

  before(async () => {
    server = await startServer();
    const f = (name, text) => { const p = join(dirname(server.db), name); writeFileSync(p, text); return p; };
    cli(['evaluation', 'rules', 'import', join(ROOT, 'data', 'evaluation-rules', 'HN-3814.json')]);
    cli(['unit', 'import', f('u.csv', 'code,name,kind,parent\nSO-NV.EV,Phòng Công chức (thử),division,SO-NV\n')]);
    cli(['staff', 'import', f('s.csv', 'code,name,unit_code,category\nE01,Trần Thị Một,SO-NV.EV,civil_servant\n' +
      'E02,Lê Văn Hai,SO-NV.EV,civil_servant\nE03,Phạm Thị Ba,SO-NV.EV,civil_servant\n')]);
    cli(['user', 'add', 'e01', '--role', 'staff', '--unit', 'SO-NV.EV'], DEMO_PASSWORD + '\n');
    cli(['user', 'add', 'lead-nv', '--role', 'leader', '--unit', 'SO-NV'], DEMO_PASSWORD + '\n');
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

  for (const [width, month] of [[1366, '2025-05'], [390, '2025-06']]) {
    it(`a month from self-evaluation to approval at ${width} px`, async () => {
      await signIn('e01');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, `/evaluation?month=${month}`);
      await accessible('my evaluations');
      await screenshot(page, `evaluation-01-mine-${width}`);
      const form = page.locator('form[action="/evaluation/self"]');
      await form.locator('input[name="p_discipline"]').fill('18');
      await form.locator('input[name="p_tasks"]').fill('65.5');
      await form.locator('input[name="p_bonus"]').fill('1.234');
      await form.locator('textarea[name="comment"]').fill('Hoàn thành đúng tiến độ');
      // the browser would refuse 1.234 itself (step 0.01): let the server judge
      await form.evaluate((f) => { f.noValidate = true; });
      await submit(form);
      assert.match(await page.locator('#err-self-bonus').innerText(), /không phải số/, 'the message next to the bonus');
      assert.equal(await page.locator('input[name="p_tasks"]').inputValue(), '65.5', 'typed value kept');
      assert.equal(await page.locator('textarea[name="comment"]').inputValue(), 'Hoàn thành đúng tiến độ');
      await accessible('the self-evaluation with its error');
      await screenshot(page, `evaluation-02-self-error-${width}`);
      await page.locator('input[name="p_bonus"]').fill('1');
      await submit(page.locator('form[action="/evaluation/self"]'));
      assert.match(await page.locator('main').innerText(), /đã tự đánh giá/);
      for (const s of ['E02', 'E03'])
        cli(['evaluation', 'self', '--staff', s, '--month', month, '--points', 'discipline=20,tasks=70,bonus=5']);

      await signIn('lead-nv');
      await page.setViewportSize({ width, height: 900 });
      const unitMonth = `/evaluation/units/SO-NV.EV/${month}`;
      await open(page, server.url, unitMonth);
      assert.match(await page.locator('main').innerText(), /Trần Thị Một/);
      await accessible("the unit's month");
      await screenshot(page, `evaluation-03-unit-${width}`);
      for (const s of ['E01', 'E02', 'E03']) {
        const d = page.locator(`details:has(input[name="staff"][value="${s}"])`);
        await d.locator('summary').click();
        await d.locator('input[name="p_discipline"]').fill('20');
        await d.locator('input[name="p_tasks"]').fill('70');
        await d.locator('input[name="p_bonus"]').fill('5');
        await submit(d.locator('form'));
      }
      await submit(page.locator(`form[action="${unitMonth}/approve"]`));
      const refusal = await page.locator('.flash.error').first().innerText();
      assert.match(refusal, /tối đa 0, có 3 \(E01, E02, E03\)/, 'the quota refusal names cap, count, holders');
      await accessible('the quota refusal');
      await screenshot(page, `evaluation-04-quota-${width}`);
      for (const s of ['E01', 'E02', 'E03']) {
        const d = page.locator(`details:has(input[name="staff"][value="${s}"])`);
        await d.locator('summary').click();
        await d.locator('input[name="p_tasks"]').fill('60');
        await submit(d.locator('form'));
      }
      await submit(page.locator(`form[action="${unitMonth}/approve"]`));
      assert.match(await page.locator('.flash').first().innerText(), /Đã lưu/);
      assert.match(await page.locator('main').innerText(), /đã duyệt/);
      await accessible('the approved month');

      await signIn('office');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/evaluation/units/SO-NV.EV/year/2025');
      assert.equal(await page.locator('main svg').count() > 0, true, 'the chart');
      await accessible('the year overview');
      await screenshot(page, `evaluation-05-year-${width}`);
    });
  }
});
