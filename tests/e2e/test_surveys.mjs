// The survey pages in Chromium, at 1366 px and at 390 px: the office's
// campaign list, a campaign's progress and results with interval bars, the
// paper data-entry page (a refused form comes back with everything typed
// still there and the message next to its field; a saved one gives the
// next blank form), and the public form a citizen fills in without
// signing in (a refusal keeps the answers; the thank-you page). Every
// page: 0 axe-core WCAG 2.1 AA violations and, on the phone, no sideways
// scroll. Screenshots: surveys-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const FIX = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures'), 'surveys');

describe('surveys on the web', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (...args) => execFileSync(PARINDEX, ['--db', server.db, ...args], { encoding: 'utf8' });

  before(async () => {
    server = await startServer();
    cli('survey', 'instrument', 'import', join(FIX, 'small.json'));
    writeFileSync(join(server.dir, 'units.csv'), 'unit_code,quota\nSO-TP,40\nSO-NV,40\n');
    cli('survey', 'open', '--instrument', 'TS2026', '--campaign', 'W1', '--period', '2026',
      '--units', join(server.dir, 'units.csv'));
    const gen = execFileSync('python3', [join(FIX, 'gen.py'), '3', 'SO-TP,SO-NV', '25'], { encoding: 'utf8' });
    writeFileSync(join(server.dir, 'gen.csv'), gen);
    cli('survey', 'import', join(server.dir, 'gen.csv'), '--campaign', 'W1');
    cli('survey', 'open', '--instrument', 'TS2026', '--campaign', 'W2', '--period', '2025',
      '--units', join(server.dir, 'units.csv'), '--codes', '2');
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

  for (const width of [1366, 390]) {
    it(`the office's survey pages at ${width} px`, async () => {
      await signIn('office');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/surveys');
      assert.match(await page.locator('main').innerText(), /W1/);
      await accessible('the campaign list');
      await screenshot(page, `surveys-01-list-${width}`);
      await open(page, server.url, '/surveys/W1');
      assert.ok(await page.locator('.survey-chart svg line.ci').count() >= 3, 'interval bars');
      assert.match(await page.locator('main').innerText(), /SO-TP/);
      await accessible('the campaign');
      const pdf = await page.request.get(`${server.url}/surveys/W1?format=pdf`);
      assert.equal(pdf.headers()['content-type'], 'application/pdf', 'the results as PDF');
      await screenshot(page, `surveys-02-campaign-${width}`);

      await open(page, server.url, '/surveys/W2/codes');
      assert.equal(await page.locator('.survey-codes svg.qr').count(), 4, 'a QR code per one-time code');
      const link = await page.locator('.survey-url').first().innerText();
      assert.match(link, /\/survey\/W2\/SO-NV\?code=[A-Z2-9]{10}$/);
      await accessible('the code sheet');
      await screenshot(page, `surveys-06-codes-${width}`);
      await page.goto(link);
      assert.equal(await page.locator('input[name="code"]').inputValue(), link.split('code=')[1], 'the QR fills in the code');

      await open(page, server.url, '/surveys/W1/entry');
      await accessible('the data-entry page');
      const form = page.locator('form[action="/surveys/W1/entry"]');
      await form.locator('select[name="unit"]').selectOption('SO-NV');
      await form.locator('input[name="q1"][value="4"]').check();
      await form.locator('input[name="visits"]').fill('nhiều');
      await form.locator('textarea[name="comment"]').fill('Phiếu giấy số 17');
      await submit(form);
      assert.match(await page.locator('#f-visits-e').innerText(), /không phải một số/, 'the message next to its field');
      assert.equal(await page.locator('input[name="visits"]').inputValue(), 'nhiều', 'typed value kept');
      assert.equal(await page.locator('textarea[name="comment"]').inputValue(), 'Phiếu giấy số 17');
      assert.ok(await page.locator('input[name="q1"][value="4"]').isChecked(), 'choice kept');
      assert.equal(await page.locator('select[name="unit"]').inputValue(), 'SO-NV');
      await accessible('the refused paper form');
      await screenshot(page, `surveys-03-entry-error-${width}`);
      await page.locator('input[name="visits"]').fill('2,5');
      await submit(page.locator('form[action="/surveys/W1/entry"]'));
      assert.match(await page.locator('main').innerText(), /Phiếu trống tiếp theo/, 'saved, the next blank form');
      assert.equal(await page.locator('input[name="visits"]').inputValue(), '', 'a blank form');
      assert.equal(await page.locator('select[name="unit"]').inputValue(), 'SO-NV', 'the unit stays chosen');
      await accessible('the next blank form');
    });

    it(`a citizen answers the public form at ${width} px`, async () => {
      await page.context().clearCookies();
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/survey/W1/SO-TP');
      assert.match(await page.locator('main').innerText(), /Câu 1/);
      await accessible('the public form');
      await screenshot(page, `surveys-04-public-${width}`);
      const form = page.locator('form[action="/survey/W1/SO-TP"]');
      await form.locator('input[name="channel"]').fill('desk;fax');
      await form.locator('input[name="q2"][value="5"]').check();
      await submit(form);
      assert.match(await page.locator('main').innerText(), /không phải lựa chọn/, 'the refusal');
      assert.ok(await page.locator('input[name="q2"][value="5"]').isChecked(), 'answers kept');
      await accessible('the refused public form');
      await page.locator('input[name="channel"]').fill('desk; online');
      await submit(page.locator('form[action="/survey/W1/SO-TP"]'));
      assert.match(new URL(page.url()).pathname, /\/thanks$/);
      assert.match(await page.locator('main').innerText(), /Cảm ơn/);
      await accessible('the thank-you page');
      await screenshot(page, `surveys-05-thanks-${width}`);
    });
  }

  it('the answers are stored: 50 imported, 2 paper, 2 web', () => {
    const out = cli('survey', 'progress', '--campaign', 'W1', '--format', 'csv');
    assert.equal(out, 'unit_code,responses,quota\nSO-NV,27,40\nSO-TP,27,40\n');
  });
});
