// The assessment cycle in a real browser: a unit's focal point fills two
// criteria with an upload and submits; an appraiser lowers a score with a
// reason; the unit sees it and replies. Screenshots at every step
// (cycle-NN-*.png). The office's steps (opening the cycle, moving it on)
// use the command line on the same database, as the office would.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARINDEX, launchBrowser, open, screenshot, startServer } from './harness.mjs';

const FIX = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures'), 'cycle');
const FW = 'T-AGENCY-2025';
const PASSWORD = 'mat-khau-thu-nghiem';
const today = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);

describe('cycle: self-assessment, appraisal, reply', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (...args) => execFileSync(PARINDEX, ['--db', server.db, ...args.slice(0, -1)],
    { input: args[args.length - 1] ?? '', encoding: 'utf8' });

  before(async () => {
    server = await startServer();
    cli('unit', 'import', join(FIX, 'units-one.csv'), '');
    cli('framework', 'import', join(FIX, 't-agency.json'), '');
    cli('user', 'add', 'rep1', '--role', 'reporter', '--unit', 'A1', PASSWORD + '\n');
    cli('user', 'add', 'ap1', '--role', 'appraiser', PASSWORD + '\n');
    cli('cycle', 'open', '--framework', FW, '--self-until', today(), '');
    cli('appraiser', 'assign', '--framework', FW, '--login', 'ap1', '--unit', 'A1', '');
    browser = await launchBrowser();
    page = browser.page;
  });

  after(async () => {
    await browser?.stop();
    await server?.stop();
  });

  async function signIn(login) {
    await open(page, server.url, '/login');
    await page.locator('#login').fill(login);
    await page.locator('#password').fill(PASSWORD);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'), `sign-in of ${login} failed`);
  }

  async function signOut() {
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('header form[action="/logout"] button').click(),
    ]);
  }

  const section = (code) => page.locator(`section[id="c-${code}"]`);
  // the page's domains are <details>: open them all to work in them
  const openAll = () => page.evaluate(() => document.querySelectorAll('details.domain').forEach((d) => { d.open = true; }));

  async function submitIn(form) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('button[type="submit"]').click()]);
  }

  it('the unit fills two criteria with an upload and submits', async () => {
    await signIn('rep1');
    const res = await open(page, server.url, `/assessments/${FW}/A1`);
    assert.equal(res.status(), 200);
    // one form for the whole page: the domains open, three criteria typed, one save
    await openAll();
    await section('1.1').locator('input[name="self:1.1"]').fill('9,5');
    await section('1.1').locator('textarea[name="explanation:1.1"]').fill('Kế hoạch CCHC năm 2025 ban hành ngày 10/01/2025');
    await section('1.2').locator('input[name="self:1.2"]').fill('8');
    await section('2.1').locator('input[name="self:2.1"]').fill('5');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('button[form="self-form"]').last().click()]);
    await openAll();
    assert.match(await section('1.1').innerText(), /9,5/);
    const upload = section('1.1').locator('form[action$="/evidence"]');
    await upload.locator('input[type="file"]').setInputFiles(join(FIX, 'plan.pdf'));
    await upload.locator('input[name="doc_number"]').fill('12/KH-UBND');
    await submitIn(upload);
    await openAll();
    assert.match(await section('1.1').innerText(), /plan\.pdf/);
    await screenshot(page, 'cycle-01-self-assessment');
    await submitIn(page.locator('form[action$="/submit"]'));
    await submitIn(page.locator('form[action$="/submit"]')); // the confirmation
    // locked: no more forms for the unit
    assert.equal(await page.locator('#self-form').count(), 0);
    await screenshot(page, 'cycle-02-submitted');
    await signOut();
  });

  it('an appraiser lowers a score with a reason', async () => {
    cli('cycle', 'advance', '--framework', FW, '');
    await signIn('ap1');
    await open(page, server.url, `/assessments/${FW}/A1`);
    await openAll();
    let form = section('1.1').locator('form[action*="/appraisals/"]');
    await form.locator('input[name="appraised"]').fill('8');
    await form.locator('textarea[name="reason"]').fill('Kế hoạch ban hành muộn so với hướng dẫn');
    await submitIn(form);
    for (const [c, v] of [['1.2', '8'], ['2.1', '5']]) {
      await openAll();
      form = section(c).locator('form[action*="/appraisals/"]');
      await form.locator('input[name="appraised"]').fill(v);
      await submitIn(form);
    }
    await openAll();
    const text = await section('1.1').innerText();
    assert.equal(await section('1.1').locator('td.num strong').innerText(), '8');
    assert.match(text, /Kế hoạch ban hành muộn/);
    await screenshot(page, 'cycle-03-appraised');
    await signOut();
  });

  it('the unit sees the adjustment and replies', async () => {
    cli('cycle', 'advance', '--framework', FW, '');
    await signIn('rep1');
    await open(page, server.url, `/assessments/${FW}/A1`);
    await openAll();
    const text = await section('1.1').innerText();
    assert.match(text, /Kế hoạch ban hành muộn so với hướng dẫn/);
    const form = section('1.1').locator('form[action*="/replies/"]');
    await form.locator('textarea[name="text"]').fill('Đã ban hành đúng hạn, xin xem văn bản 12/KH-UBND');
    await submitIn(form);
    await openAll();
    assert.match(await section('1.1').innerText(), /xin xem văn bản 12\/KH-UBND/);
    // only an adjusted criterion offers a reply
    assert.equal(await section('1.2').locator('form[action*="/replies/"]').count(), 0);
    await screenshot(page, 'cycle-04-replied');
    assert.deepEqual(browser.csp, [], 'Content-Security-Policy violations');
  });
});
