// The assessment page in Chromium (issue 11), at 1366 px and at 390 px: a
// unit's focal point types three criteria in the one form, one of them
// wrong; the page comes back with every typed value, the message next to
// the field within the viewport and the focus on it; corrected (with the
// decimal comma) and saved once, all three are kept and 1,25 is shown as
// 1,25; clearing a saved value asks first; the unit submits through the confirmation and finds its assessment
// again from its unit page; a council member accepts a section's self
// points at once. Every page: 0 axe-core WCAG 2.1 AA findings, no sideways
// scroll. Screenshots: assessment-form-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

const FIX = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures'), 'cycle');
const FW = 'T-AGENCY-2025';
const PASSWORD = 'mat-khau-thu-nghiem';
const today = () => new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);

describe('the self-assessment form keeps every keystroke', { timeout: 300_000 }, () => {
  let server, browser, page;
  const cli = (...args) => execFileSync(PARINDEX, ['--db', server.db, ...args.slice(0, -1)],
    { input: args[args.length - 1] ?? '', encoding: 'utf8' });
  const PAGE = `/assessments/${FW}/A1`;
  const field = (name) => page.locator(`[name="${name}"]`);

  before(async () => {
    server = await startServer();
    cli('unit', 'import', join(FIX, 'units-one.csv'), '');
    cli('framework', 'import', join(FIX, 't-agency.json'), '');
    cli('user', 'add', 'rep1', '--role', 'reporter', '--unit', 'A1', PASSWORD + '\n');
    cli('user', 'add', 'ap1', '--role', 'appraiser', '--name', 'Phạm Thị Thẩm Định', PASSWORD + '\n');
    cli('cycle', 'open', '--framework', FW, '--self-until', today(), '');
    cli('appraiser', 'assign', '--framework', FW, '--login', 'ap1', '--unit', 'A1', '');
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

  async function both(what, name) {
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await accessible(`${what} at ${width} px`);
      await screenshot(page, `${name}-${width}`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  async function signIn(login) {
    await open(page, server.url, '/login');
    await page.locator('#login').fill(login);
    await page.locator('#password').fill(PASSWORD);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form[action="/login"] button[type="submit"]').click()]);
    assert.ok(!new URL(page.url()).pathname.startsWith('/login'), `sign-in of ${login} failed`);
  }

  async function click(locator) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  }

  const openDomains = async () => {
    for (const d of ['1', '2']) {
      const det = page.locator(`details#d-${d}`);
      if (!(await det.evaluate((e) => e.open))) await det.locator('> summary').click();
    }
  };

  it('a wrong value keeps every typed value, its message in view, focus on it', async () => {
    await signIn('rep1');
    const res = await open(page, server.url, PAGE);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('details.domain').count(), 2, 'the page is a list of domains');
    assert.equal(await page.locator('details.domain[open]').count(), 0, 'closed at first');
    await both('the empty assessment', 'assessment-form-01-domains');
    await openDomains();
    await field('self:1.1').fill('9,5');
    await field('explanation:1.1').fill('Kế hoạch CCHC số 12/KH-UBND');
    await field('self:1.2').fill('11');
    await field('self:2.1').fill('4');
    assert.equal(await page.locator('#typed-total').innerText(), '24,5', 'the total as typed, with the comma');
    await page.setViewportSize({ width: 390, height: 800 });
    await click(page.locator('button[form="self-form"]').last());
    assert.equal(await field('self:1.1').inputValue(), '9,5', 'kept');
    assert.equal(await field('explanation:1.1').inputValue(), 'Kế hoạch CCHC số 12/KH-UBND', 'kept');
    assert.equal(await field('self:1.2').inputValue(), '11', 'the wrong value kept');
    assert.equal(await field('self:2.1').inputValue(), '4', 'kept');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'self-1.2', 'focus on the first error');
    const err = page.locator('#err-self-1\\.2');
    assert.match(await err.innerText(), /ngoài khoảng/);
    const box = await err.boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `the message is within the viewport (${JSON.stringify(box)})`);
    assert.match(await page.locator('.error-summary[role="alert"]').innerText(), /1\.2/);
    await screenshot(page, 'assessment-form-02-error-390');
    await page.setViewportSize({ width: 1366, height: 900 });
    await accessible('the refused save at 1366 px');
    await screenshot(page, 'assessment-form-02-error-1366');
  });

  it('three criteria typed, saved once: all three kept; 1,25 shown as 1,25', async () => {
    await field('self:1.2').fill('1,25');
    await click(page.locator('button[form="self-form"]').first());
    assert.equal(new URL(page.url()).pathname, PAGE);
    await openDomains();
    assert.equal(await field('self:1.1').inputValue(), '9,5');
    assert.equal(await field('self:1.2').inputValue(), '1,25');
    assert.equal(await field('self:2.1').inputValue(), '4');
    assert.equal(await field('explanation:1.1').inputValue(), 'Kế hoạch CCHC số 12/KH-UBND');
    assert.equal(await page.locator('#c-1\\.2 td.num').first().innerText(), '1,25', 'shown with the comma');
    assert.equal(await page.locator('#c-1\\.2 td.num').first().evaluate((e) => getComputedStyle(e).textAlign), 'right');
    assert.equal(await page.locator('#running-total').innerText(), '14,75');
    assert.equal(await page.locator('#progress').getAttribute('value'), '3');
    assert.match(await page.locator('details#d-1 > summary').innerText(), /2\/2/);
    await both('the saved assessment', 'assessment-form-03-saved');
  });

  it('clearing a saved value asks first', async () => {
    await openDomains();
    await page.locator('input[name="clear:2.1"]').check();
    await click(page.locator('button[form="self-form"]').last());
    assert.match(await page.locator('#confirm-clear').innerText(), /2\.1/);
    await accessible('the clear confirmation');
    await screenshot(page, 'assessment-form-035-clear-1366');
    await open(page, server.url, PAGE); // cancelled: nothing erased
    await openDomains();
    assert.equal(await field('self:2.1').inputValue(), '4');
    await page.locator('input[name="clear:2.1"]').check();
    await click(page.locator('button[form="self-form"]').last());
    await click(page.locator('#confirm-clear button[name="confirm"]'));
    await openDomains();
    assert.equal(await field('self:2.1').inputValue(), '', 'cleared once confirmed');
    await field('self:2.1').fill('4');
    await click(page.locator('button[form="self-form"]').last());
    await openDomains();
    assert.equal(await field('self:2.1').inputValue(), '4');
  });

  it('the unit submits with the confirmation and finds its assessment again', async () => {
    await click(page.locator('form[action$="/submit"] button[type="submit"]'));
    assert.match(await page.locator('main').innerText(), /Nộp bản tự đánh giá\?/);
    await both('the submit confirmation', 'assessment-form-04-confirm');
    await click(page.locator('form[action$="/submit"] button[type="submit"]'));
    assert.equal(await page.locator('#self-form').count(), 0, 'locked after submission');
    assert.match(await page.locator('main').innerText(), /đã nộp/);
    await open(page, server.url, '/');
    await open(page, server.url, '/units/A1');
    await click(page.locator(`a[href="${PAGE}"]`));
    assert.equal(new URL(page.url()).pathname, PAGE);
    await both('the submitted assessment', 'assessment-form-05-submitted');
    await click(page.locator('header form[action="/logout"] button'));
  });

  it('a council member accepts a section in bulk', async () => {
    cli('cycle', 'advance', '--framework', FW, '');
    await signIn('ap1');
    await open(page, server.url, PAGE);
    await openDomains();
    const bulk = page.locator('form[action$="/sections"]').filter({ has: page.locator('input[name="section"][value="1"]') });
    await bulk.locator('input[name="reason"]').fill('Hồ sơ đầy đủ, đúng hướng dẫn');
    await click(bulk.locator('button[type="submit"]'));
    await openDomains();
    assert.equal(await page.locator('#c-1\\.1 td.num strong').innerText(), '9,5');
    assert.equal(await page.locator('#c-1\\.2 td.num strong').innerText(), '1,25');
    assert.equal(await page.locator('#c-2\\.1 td.num strong').count(), 0, 'another section untouched');
    assert.match(await page.locator('#c-1\\.1').innerText(), /Phạm Thị Thẩm Định/, 'the member by name');
    await both('the appraisal after a bulk acceptance', 'assessment-form-06-bulk');
    assert.deepEqual(browser.csp, [], 'Content-Security-Policy violations');
  });
});
