// The plan pages in Chromium, at 1366 px and at 390 px: the office's list
// of plans, a plan by reform area with its progress and the tasks below,
// the overdue list; a reporter's task page, a refused report (the form
// again, what was typed still there, the message next to the date) and
// a saved one. Every page: 0 axe-core WCAG 2.1 AA violations and, on the
// phone, no sideways scroll. Screenshots: plans-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD, PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const FIX = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures'), 'plans');
// the fixture's year: reports are dated in it, so "today" is the real one
// only when it is not earlier; the server and CLI get the same fixed day
process.env.PARINDEX_TODAY = '2026-07-10';

describe('plans on the web', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (...args) => execFileSync(PARINDEX, ['--db', server.db, ...args], { encoding: 'utf8' });

  before(async () => {
    server = await startServer();
    cli('plan', 'import', join(FIX, 'http-plans.csv'));
    cli('task', 'report', '--plan', 'KH-T-SO-TP', '--task', '1', '--status', 'done', '--date', '2026-06-02',
      '--document', '20/BC-STP');
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
    it(`the office's plan pages at ${width} px`, async () => {
      await signIn('office');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/plans');
      assert.match(await page.locator('main').innerText(), /KH-T-SO-TP/);
      await accessible('the plan list');
      await screenshot(page, `plans-01-list-${width}`);
      await open(page, server.url, '/plans/KH-T-HN');
      assert.match(await page.locator('main').innerText(), /KH-T-SO-TP 1/, 'the department task below');
      await accessible('the city plan');
      await screenshot(page, `plans-02-plan-${width}`);
      await open(page, server.url, '/plans/overdue');
      assert.match(await page.locator('main').innerText(), /ngày trễ/);
      await accessible('the overdue list');
      await screenshot(page, `plans-03-overdue-${width}`);
      await open(page, server.url, '/plans/KH-T-SO-TP/tasks/2');
      assert.equal(await page.locator('form[action$="/cancel"]').count(), 1, 'the office may cancel');
      await accessible("the office's task page");
    });

    it(`a reporter reports on a task at ${width} px`, async () => {
      await signIn('reporter');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/plans/KH-T-HN/tasks/1');
      await accessible('the task page with the report form');
      await screenshot(page, `plans-04-task-${width}`);
      const form = page.locator('form[action="/plans/KH-T-HN/tasks/1/reports"]');
      await form.locator('select[name="status"]').selectOption('done');
      await form.locator('input[name="date"]').fill('2026-07-11');
      await form.locator('input[name="document"]').fill('31/BC-SNV');
      await submit(form);
      assert.match(await page.locator('#err-date').innerText(), /tương lai/, 'the message next to the date');
      assert.equal(await page.locator('input[name="document"]').inputValue(), '31/BC-SNV', 'typed value kept');
      assert.equal(await page.locator('select[name="status"]').inputValue(), 'done');
      await accessible('the form with its error');
      await screenshot(page, `plans-05-task-error-${width}`);
      await page.locator('input[name="date"]').fill('2026-07-01');
      await submit(page.locator('form[action="/plans/KH-T-HN/tasks/1/reports"]'));
      assert.match(await page.locator('.flash').first().innerText(), /Đã lưu/);
      await accessible('the task after the report');
    });
  }
});
