// Reports in the browser (issue 12): a leader signs in, opens the ranking,
// clicks "Tải Excel" and "Tải PDF"; the files are opened (the XLSX with
// Debian's python3-openpyxl, the PDF with pdftotext) and must show the
// same first unit as the page. The page printed (print media) hides the
// navigation and the download links (screenshots report-*.png).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, launchBrowser, open, screenshot, startServer } from './harness.mjs';

const PY = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

describe('report downloads', { timeout: 300_000 }, () => {
  let server, browser, page, dir;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parindex-dl-'));
    server = await startServer();
    browser = await launchBrowser();
    page = browser.page;
    await open(page, server.url, '/login');
    await page.locator('#login').fill('leader');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator('form[action="/login"] button[type="submit"]').click(),
    ]);
  });

  after(async () => {
    await browser?.stop();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('downloads the ranking as Excel and opens it', async () => {
    const res = await open(page, server.url, '/?framework=HN-DEPT-2025');
    assert.equal(res.status(), 200);
    const first = (await page.locator('main table tbody tr').first().locator('td').nth(1).innerText()).trim();
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải Excel' }).click(),
    ]);
    assert.equal(dl.suggestedFilename(), 'Bảng xếp hạng HN-DEPT-2025.xlsx');
    const file = join(dir, 'ranking.xlsx');
    await dl.saveAs(file);
    const py = spawnSync(PY, ['-c', `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[wb.sheetnames[0]]
print(ws.cell(row=2, column=3).value)
print(ws.cell(row=2, column=1).value, type(ws.cell(row=2, column=6).value).__name__)
`, file], { encoding: 'utf8' });
    assert.equal(py.status, 0, py.stderr);
    const [name, rest] = py.stdout.trim().split('\n');
    assert.equal(name, first, 'the first unit of the file is the first of the page');
    assert.equal(rest, '1 float', 'rank 1 and a numeric index');
  });

  it('downloads the PDF: the decision and its annex', async () => {
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải PDF' }).first().click(),
    ]);
    const file = join(dir, 'ranking.pdf');
    await dl.saveAs(file);
    const txt = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.equal(txt.status, 0, txt.stderr);
    assert.match(txt.stdout, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    assert.match(txt.stdout, /PHỤ LỤC/);
    assert.match(txt.stdout, /Trang 1\/\d+/);
  });

  it('prints without navigation and download links', async () => {
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('p.downloads').first().isVisible(), false);
    assert.equal(await page.locator('header nav').isVisible(), false);
    await screenshot(page, 'report-print-dashboard');
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'report-dashboard-links');
    assert.deepEqual(browser.csp, [], 'Content-Security-Policy violations');
  });
});
