// The inspection pages in Chromium, at 1366 px and on a 390 px phone: the
// team lead starts an unannounced inspection at a one-stop desk, ticks
// three checklist items with a photo from the camera input, adds a
// finding and a recommendation, concludes and downloads the conclusion's
// PDF; the unit's reporter then sees it and reports the remediation.
// Every page: 0 axe-core WCAG 2.1 AA violations and, on the phone, no
// sideways scroll. Screenshots: inspections-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { join } from 'node:path';
import { PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const PW = 'long-password-1';
// a 1x1 PNG, as a phone camera upload stands in
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('inspections on the web', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (args, input = '') => execFileSync(PARINDEX, ['--db', server.db, ...args], { encoding: 'utf8', input });

  before(async () => {
    server = await startServer();
    cli(['user', 'add', 'lead-e2e', '--role', 'inspector'], PW + '\n');
    cli(['user', 'add', 'rep-e2e', '--role', 'reporter', '--unit', 'SO-VHTT'], PW + '\n');
    const plan = join(server.db + '.plan.csv');
    fs.writeFileSync(plan, 'inspection_code,year,unit_code,kind,planned_from,planned_to,lead,members,places,areas,checklist\n'
      + 'KT-E2E-1366,2026,SO-VHTT,unannounced,2026-12-01,2026-12-31,lead-e2e,,one_stop,procedure,one_stop\n'
      + 'KT-E2E-390,2026,SO-VHTT,unannounced,2026-12-01,2026-12-31,lead-e2e,,one_stop,procedure,one_stop\n');
    cli(['inspection', 'import', plan]);
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
    await page.locator('#password').fill(PW);
    await submit(page.locator('form[action="/login"]'));
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'), `signed in as ${login}`);
  }

  for (const width of [1366, 390]) {
    const code = `KT-E2E-${width}`;
    it(`the unit does not know before the start, at ${width} px`, async () => {
      await signIn('rep-e2e');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/inspections');
      assert.doesNotMatch(await page.content(), new RegExp(code));
      await accessible('the plan and calendar of the unit');
      const res = await page.goto(server.url + `/inspections/${code}`);
      assert.equal(res.status(), 404);
    });

    it(`the lead inspects from the desk at ${width} px`, async () => {
      await signIn('lead-e2e');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/inspections?month=2026-12');
      assert.match(await page.locator('main').innerText(), new RegExp(code));
      await accessible('the plan with its calendar');
      await screenshot(page, `inspections-01-plan-${width}`);
      await open(page, server.url, `/inspections/${code}`);
      await accessible('the inspection before its start');
      await submit(page.locator(`form[action="/inspections/${code}/start"]`));
      assert.match(await page.locator('main').innerText(), /Thời điểm đến kiểm tra/);
      await accessible('the checklist');
      await screenshot(page, `inspections-02-checklist-${width}`);
      for (const item of ['OS-1', 'OS-2', 'OS-3']) {
        const form = page.locator(`#item-${item} form`);
        await form.locator('input[value="' + (item === 'OS-2' ? 'non_compliant' : 'compliant') + '"]').check();
        await form.locator('textarea[name="note"]').fill(`Ghi chú ${item}`);
        await form.locator('input[type="file"]').setInputFiles({ name: `${item}.png`, mimeType: 'image/png', buffer: PNG });
        await submit(form);
        assert.match(await page.locator('.flash').first().innerText(), /Đã lưu/);
      }
      assert.equal(await page.locator('a[href^="/inspections/evidence/"]').count(), 3, 'three photos');
      const finding = page.locator(`form[action="/inspections/${code}/findings"]`);
      await finding.locator('select[name="kind"]').selectOption('shortcoming');
      await finding.locator('select[name="area"]').selectOption('procedure');
      await finding.locator('textarea[name="text"]').fill('Chưa có văn bản xin lỗi hồ sơ trễ hạn');
      await submit(finding);
      const rec = page.locator(`form[action="/inspections/${code}/recommendations"]`);
      await rec.locator('textarea[name="text"]').fill('Gửi văn bản xin lỗi cho mọi hồ sơ trễ hạn');
      await rec.locator('input[name="due"]').fill('2099-12-31');
      await submit(rec);
      assert.match(await page.locator('main').innerText(), /Gửi văn bản xin lỗi/);
      await accessible('findings and recommendations');
      await screenshot(page, `inspections-03-findings-${width}`);
      const concl = page.locator(`form[action="/inspections/${code}/conclude"]`);
      await concl.locator('input[name="number"]').fill(`${width}/KL-SNV`);
      await concl.locator('textarea[name="summary"]').fill('Cơ bản thực hiện tốt');
      await submit(concl);
      const link = page.locator(`a[href="/inspections/${code}/conclusion"]`);
      assert.equal(await link.count(), 1, 'the conclusion PDF link');
      const pdf = await page.request.get(server.url + `/inspections/${code}/conclusion`);
      assert.equal(pdf.status(), 200);
      assert.equal((await pdf.body()).subarray(0, 4).toString(), '%PDF');
      await accessible('the concluded inspection');
    });

    it(`the unit reports the remediation at ${width} px`, async () => {
      await signIn('rep-e2e');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/recommendations');
      await accessible('the follow-up list');
      const href = await page.locator(`a[href^="/recommendations/"]`).last().getAttribute('href');
      await open(page, server.url, href);
      await accessible('the remediation form');
      const form = page.locator('form[action$="/report"]');
      await form.locator('textarea[name="note"]').fill('Đã gửi văn bản xin lỗi');
      await submit(form);
      assert.match(await page.locator('.flash').first().innerText(), /Đã lưu/);
      await screenshot(page, `inspections-04-remediation-${width}`);
    });
  }
});
