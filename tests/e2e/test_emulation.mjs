// The emulation council on the web in Chromium, at 1366 px and at 390 px:
// the office opens the movement and the proposal table (filter by title,
// eligible first, each condition's reason in a <details>), a council
// member votes (a vote for an ineligible candidate is refused with a clear
// message and the form keeps what was typed; exactly 80% passes), the
// office issues the decision and its PDF downloads (Decree 30 layout).
// Every page: 0 axe-core WCAG 2.1 AA violations and, on the phone, no
// sideways scroll. Screenshots: emulation-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const F = join(ROOT, 'tests', 'fixtures', 'emulation');
process.env.PARINDEX_TODAY = '2016-03-01';

describe('the emulation council on the web', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (args, input) => execFileSync(PARINDEX, ['--db', server.db, ...args], { encoding: 'utf8', input: input ?? '' });

  before(async () => {
    server = await startServer();
    const f = (name, text) => { const p = join(dirname(server.db), name); writeFileSync(p, text); return p; };
    const units = readFileSync(join(F, 'units.csv'), 'utf8').split('\n').filter((l) => !l.startsWith('HN,')).join('\n');
    cli(['unit', 'import', f('emu-units.csv', units)]);
    cli(['staff', 'import', join(F, 'staff.csv')]);
    cli(['evaluation', 'rules', 'import', join(F, 'eval-rules.json')]);
    cli(['evaluation', 'import', join(F, 'points.csv'), '--rules', 'EMU-TEST-EVAL']);
    cli(['discipline', 'import', join(F, 'discipline.csv')]);
    const rules = join(ROOT, 'data', 'emulation-rules');
    for (const r of readdirSync(rules)) cli(['emulation', 'rules', 'import', join(rules, r)]);
    cli(['initiative', 'import', join(F, 'initiatives.csv')]);
    cli(['award', 'import', join(F, 'awards.csv')]);
    cli(['user', 'add', 'off-a', '--role', 'office', '--unit', 'SO-A'], DEMO_PASSWORD + '\n');
    for (const m of ['hd1', 'hd2', 'hd3', 'hd4', 'hd5']) cli(['user', 'add', m, '--role', 'appraiser'], DEMO_PASSWORD + '\n');
    cli(['--as', 'off-a', 'emulation', 'council', 'set', '--unit', 'SO-A', '--year', '2015', '--quorum', '0,6']);
    for (const m of ['hd1', 'hd2', 'hd3', 'hd4', 'hd5']) cli(['--as', 'off-a', 'emulation', 'council', 'add', '--unit', 'SO-A', '--year', '2015', '--login', m]);
    cli(['emulation', 'movement', 'launch', '--unit', 'SO-A', '--year', '2016', '--title', 'Thi đua cải cách hành chính 2016', '--deadline', '2016-03-31', '--targets', 'Chỉ số CCHC tăng']);
    cli(['emulation', 'register', '--unit', 'SO-A', '--year', '2016', '--candidate', 'G1', '--commitment', 'Hoàn thành xuất sắc nhiệm vụ']);
    cli(['--as', 'off-a', 'emulation', 'model', 'recognise', '--code', 'MH-9', '--unit', 'SO-A.P1', '--level', 'province',
      '--decision', 'QĐ 9/QĐ-UBND', '--title', 'Một cửa không chờ', '--description', 'Nhận hồ sơ theo lịch hẹn']);
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

  async function signIn(login, width) {
    await page.context().clearCookies();
    await open(page, server.url, '/login');
    await page.locator('#login').fill(login);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await submit(page.locator('form[action="/login"]'));
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'), `signed in as ${login}`);
    await page.setViewportSize({ width, height: 900 });
  }

  for (const [width, cand, number] of [[1366, 'G1', 'QĐ 30/QĐ-SA'], [390, 'E1', 'QĐ 31/QĐ-SA']]) {
    it(`from the proposal table to the decision's PDF at ${width} px`, async () => {
      await signIn('off-a', width);
      await open(page, server.url, '/emulation?unit=SO-A&year=2016');
      assert.match(await page.locator('main').innerText(), /Thi đua cải cách hành chính 2016/);
      assert.match(await page.locator('main').innerText(), /Hoàn thành xuất sắc nhiệm vụ/, 'the registration');
      await accessible('the movement');
      await screenshot(page, `emulation-01-movement-${width}`);
      await open(page, server.url, '/emulation/proposals?unit=SO-A&year=2015');
      await page.locator('select#title').selectOption('CSTDCS');
      await submit(page.locator('form.emu-pick'));
      const rows = page.locator('main table tbody tr');
      assert.equal(await rows.count(), 29, 'one title, every candidate');
      assert.equal(await rows.first().getAttribute('class'), 'emu-yes', 'eligible first');
      const det = rows.first().locator('details');
      assert.equal(await det.locator('li').first().isVisible(), false, 'reasons folded');
      await det.locator('summary').click();
      assert.match(await det.locator('li').first().innerText(), /title LDTT=yes/, 'the reasons open without a script');
      await accessible('the proposal table');
      await screenshot(page, `emulation-02-proposals-${width}`);

      await signIn('hd1', width);
      await open(page, server.url, '/emulation/proposals?unit=SO-A&year=2015&title=CSTDCS');
      const form = page.locator('form[action="/emulation/vote"]');
      await form.locator('select[name="candidate"]').selectOption('G2');
      await form.locator('select[name="vtitle"]').selectOption('CSTDCS');
      await form.locator('input[name="yes"]').fill('5');
      await submit(form);
      const msg = await page.locator('#emu-error').innerText();
      assert.match(msg, /G2 không đủ điều kiện danh hiệu CSTDCS/, 'an ineligible candidate refused, clearly');
      assert.equal(await page.locator('input[name="yes"]').inputValue(), '5', 'what was typed is kept');
      await accessible('the refused vote');
      await screenshot(page, `emulation-03-refused-${width}`);
      const again = page.locator('form[action="/emulation/vote"]');
      await again.locator('select[name="candidate"]').selectOption(cand);
      await again.locator('input[name="yes"]').fill('4');
      await again.locator('input[name="present"]').fill('3');
      await again.locator('input[name="written"]').fill('1');
      await submit(again);
      assert.match(await page.locator('.flash').first().innerText(), /Đã lưu/, 'exactly 80% passes');

      await signIn('off-a', width);
      await open(page, server.url, '/emulation?unit=SO-A&year=2015');
      const dec = page.locator('form[action="/emulation/decide"]');
      await dec.locator('input[name="number"]').fill(number);
      await dec.locator('input[name="date"]').fill('2015-12-28');
      await submit(dec);
      assert.match(await page.locator('main').innerText(), /Đã ban hành quyết định/);
      assert.match(await page.locator('main').innerText(), /Chiến sĩ thi đua cơ sở/);
      await accessible('the decision');
      await screenshot(page, `emulation-04-decision-${width}`);
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#emu-pdf').click()]);
      const file = join(dirname(server.db), `qd-${width}.pdf`);
      await dl.saveAs(file);
      assert.equal(readFileSync(file).subarray(0, 4).toString(), '%PDF');
      const txt = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      if (txt.status === 0) {
        assert.match(txt.stdout, /QUYẾT ĐỊNH/);
        assert.match(txt.stdout, /PHỤ LỤC/);
      }
      await open(page, server.url, `/emulation/awards?candidate=${cand}`);
      assert.match(await page.locator('main').innerText(), /Chiến sĩ thi đua cơ sở/);
      await accessible("a person's awards");
      await page.context().clearCookies();
      await open(page, server.url, '/public/models');
      assert.match(await page.locator('main').innerText(), /Một cửa không chờ/);
      await accessible('the public models');
      await screenshot(page, `emulation-05-models-${width}`);
    });
  }
});
