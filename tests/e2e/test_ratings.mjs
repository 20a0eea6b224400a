// The citizen's rating form in Chromium at 390 px (a phone after scanning
// the receipt's QR code) and at 1366 px, and the office's slips: 0 axe-core
// WCAG 2.1 AA violations, no sideways scroll, touch targets of 44 px or
// more, the refusal (no rating chosen) keeps the comment, a good rating
// leads to the thank-you page. Screenshots: ratings-NN-*.png.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { DEMO_PASSWORD, PARINDEX, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

describe('citizen ratings on the web', { timeout: 300_000 }, () => {
  let server, browser, page, slips;
  const cli = (...args) => execFileSync(PARINDEX, ['--db', server.db, ...args], { encoding: 'utf8' });

  before(async () => {
    server = await startServer();
    slips = cli('dossier', 'rating-tokens', '--unit', 'P-BA-DINH', '--month', '2026-03', '--format', 'csv')
      .trim().split('\n').slice(1).map((l) => l.split(','));
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

  const widths = [390, 1366];
  widths.forEach((width, k) => {
    it(`a citizen rates a dossier at ${width} px`, async () => {
      const [code, token] = slips[k];
      await page.context().clearCookies();
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, `/rate/${token}`);
      assert.match(await page.locator('main').innerText(), new RegExp(code));
      assert.match(await page.locator('legend').innerText(), /hài lòng/);
      await accessible('the rating form');
      // every choice is a large touch target
      for (const box of await page.locator('.rating-choice').evaluateAll((ls) =>
        ls.map((l) => l.getBoundingClientRect().height)))
        assert.ok(box >= 44, `a choice ${box} px high`);
      await screenshot(page, `ratings-01-form-${width}`);
      const form = page.locator(`form[action="/rate/${token}"]`);
      await form.locator('textarea[name="comment"]').fill('Cán bộ hướng dẫn rõ ràng');
      // the browser asks for a choice itself; without that check the
      // server refuses and keeps what was typed
      await page.evaluate(() => document.querySelectorAll('input[name="rating"]').forEach((i) => { i.required = false; }));
      await submit(form);
      assert.match(await page.locator('main').innerText(), /Xin chọn một mức từ 1 đến 5/);
      assert.equal(await page.locator('textarea[name="comment"]').inputValue(), 'Cán bộ hướng dẫn rõ ràng');
      await accessible('the refused rating form');
      await page.locator('.rating-choice', { hasText: '4 — hài lòng' }).click();
      await submit(page.locator(`form[action="/rate/${token}"]`));
      assert.match(new URL(page.url()).pathname, /\/thanks$/);
      assert.match(await page.locator('main').innerText(), /Cảm ơn/);
      await accessible('the thank-you page');
      await screenshot(page, `ratings-02-thanks-${width}`);
      const list = cli('rating', 'list', '--format', 'csv');
      assert.match(list, new RegExp(`^${code},4,Cán bộ hướng dẫn rõ ràng,`, 'm'));
    });
  });

  it('the office prints the slips', async () => {
    await page.context().clearCookies();
    await page.setViewportSize({ width: 1366, height: 900 });
    await open(page, server.url, '/login');
    await page.locator('#login').fill('office');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await submit(page.locator('form[action="/login"]'));
    await open(page, server.url, '/rating-slips?unit=P-BA-DINH&month=2026-03');
    assert.equal(await page.locator('.rating-slip svg.qr').count(), slips.length);
    await accessible('the slips');
    await screenshot(page, 'ratings-03-slips-1366');
  });
});
