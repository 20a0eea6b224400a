// The office's plan pages in Chromium, at 1366 px and at 390 px (issue
// 13): the plan import (a wrong file: the errors at their line and column,
// the choice kept; a good file: the plan imported with its link) and the
// overview of every unit's plan (the chart, the sortable table, the
// downloads). Every page: 0 axe-core WCAG 2.1 AA violations and, on the
// phone, no sideways scroll. Screenshots: plan-office-NN-*.png (build/).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, launchBrowser, open, screenshot, startServer, axeViolations } from './harness.mjs';

process.env.PARINDEX_TODAY = '2026-07-10';

const HEAD = 'plan_code,plan_unit,year,task_code,parent_plan,parent_task,area,title,owner_unit,coordinators,start,due,output,indicator,target';
const line = (plan, task, due, area = 'direction') =>
  `${plan},SO-VHTT.P02,2026,${task},,,${area},Nhiệm vụ ${task} của Thanh tra Sở (minh họa),SO-VHTT.P02,,2026-01-01,${due},report,,`;

describe('the office\'s plan pages on the web', { timeout: 300_000 }, () => {
  let server, browser, page, dir;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
    dir = fs.mkdtempSync(path.join(process.env.TMPROOT || os.tmpdir(), 'e2e-plan-office-'));
  });

  after(async () => {
    await browser?.stop();
    await server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
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
    it(`the plan import at ${width} px`, async () => {
      await signIn('office-vhtt');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/plans');
      await page.locator('a[href="/plans/import"]').click();
      await page.waitForURL(/\/plans\/import$/);
      await accessible('the import form');
      await screenshot(page, `plan-office-01-import-${width}`);

      const plan = `KH-2026-VHTT-TTR-${width}`;
      const bad = path.join(dir, `ke-hoach-thanh-tra-sai-${width}.csv`);
      fs.writeFileSync(bad, [HEAD, line(plan, '1', '2026-09-30'), line(plan, '2', '30/09/2026'),
        line(plan, '3', '2026-10-31', 'tourism')].join('\n') + '\n');
      await page.locator('#plan-file').setInputFiles(bad);
      await page.locator('input[name="force"]').check();
      await submit(page.locator('form.plan-import'));
      const errors = await page.locator('ol.diags li').allInnerTexts();
      assert.equal(errors.length, 2, errors.join('\n'));
      assert.match(errors[0], new RegExp(`ke-hoach-thanh-tra-sai-${width}\\.csv:3:12: cột due: .*\\| column due:`));
      assert.match(errors[1], /:4:7: cột area: giá trị không hợp lệ: "tourism"/);
      assert.ok(await page.locator('input[name="force"]').isChecked(), 'the choice is kept');
      await accessible('the import with errors');
      await screenshot(page, `plan-office-02-errors-${width}`);

      const good = path.join(dir, `ke-hoach-thanh-tra-${width}.csv`);
      fs.writeFileSync(good, [HEAD, line(plan, '1', '2026-09-30'), line(plan, '2', '2026-10-31', 'institution')].join('\n') + '\n');
      await page.locator('#plan-file').setInputFiles(good);
      await submit(page.locator('form.plan-import'));
      const link = page.locator(`ul.plan-imported a[href="/plans/${plan}"]`);
      assert.equal(await link.count(), 1, 'a link to the imported plan');
      await accessible('the import done');
      await screenshot(page, `plan-office-03-imported-${width}`);
      await link.click();
      await page.waitForURL(new RegExp(`/plans/${plan}$`));
      assert.match(await page.locator('main').innerText(), /Thanh tra Sở/);
    });

    it(`the overview at ${width} px`, async () => {
      await signIn('office');
      await page.setViewportSize({ width, height: 900 });
      await open(page, server.url, '/plans');
      await page.locator('a[href="/plans/overview"]').click();
      await page.waitForURL(/\/plans\/overview$/);
      const text = await page.locator('main').innerText();
      assert.match(text, /Sở Văn hóa và Thể thao/);
      assert.match(text, /KH-2026-HN/);
      assert.ok(await page.locator('main svg').count() >= 1, 'the chart');
      assert.equal(await page.locator('a[href="/plans/overview?year=2026&format=xlsx"]').count(), 1);
      await accessible('the overview');
      await screenshot(page, `plan-office-04-overview-${width}`);
      await open(page, server.url, '/plans/overview?year=2026&sort=overdue&dir=desc');
      await accessible('the overview sorted');
      // a department's office: its own plans only
      await signIn('office-vhtt');
      await open(page, server.url, '/plans/overview?year=2026');
      const mine = await page.locator('main').innerText();
      assert.match(mine, /KH-2026-SO-VHTT/);
      assert.doesNotMatch(mine, /KH-2026-SO-NV/);
      await accessible("the department's overview");
      await screenshot(page, `plan-office-05-overview-vhtt-${width}`);
    });
  }
});
