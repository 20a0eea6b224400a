// Browser-test harness: a fresh demo database, the real parindex server on
// a free loopback port, and Debian's Chromium driven by playwright-core.
//
// Why it is built this way: the tests exercise the binary the user runs
// (PARINDEX, set by CTest to the built target), on a database nobody else
// touches, in a browser profile nobody else uses; everything lives in one
// temporary directory removed at the end, and everything started here is
// stopped here, also when a test fails (call stop() from an after hook).
// Nothing waits on wall time except the bounded start-up polls: tests
// assert on what the page shows.
//
//   PARINDEX        the parindex binary (default: <repo>/build/parindex)
//   SCREENSHOT_DIR  where screenshots go (default: <dir of PARINDEX>/screenshots)
//   CHROMIUM        the browser (default: /usr/bin/chromium)
//   E2E_KEEP=1      keep the temporary directory (database, server log, profile)

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const PARINDEX = process.env.PARINDEX || join(repo, 'build', 'parindex');
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || join(dirname(PARINDEX), 'screenshots');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// The demo's sign-in (src/app/user.c: app_demo_logins, DEMO_PASSWORD).
export const DEMO_PASSWORD = 'demo-parindex';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Bounds of the start-up polls (sanitizer builds are slow to start).
const DEMO_TIMEOUT_MS = 300_000;
const HEALTH_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitHealthy(url, child, log) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`parindex serve exited (${child.exitCode ?? child.signalCode}) before /healthz answered:\n${tail(log)}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200 && (await res.text()).startsWith('ok'))
        return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`parindex serve did not answer /healthz within ${HEALTH_TIMEOUT_MS} ms:\n${tail(log)}`);
}

function stopChild(child) {
  return new Promise((res) => {
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return res();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      res();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Creates a demo database in a fresh temporary directory and starts
 * `parindex serve` on a free 127.0.0.1 port. Returns
 * { url, db, dir, log, stop() }; stop() is idempotent.
 */
export async function startServer({ threads = 2 } = {}) {
  if (!existsSync(PARINDEX))
    throw new Error(`PARINDEX=${PARINDEX} does not exist: build first or set PARINDEX`);
  const dir = mkdtempSync(join(tmpdir(), 'parindex-e2e-'));
  const db = join(dir, 'demo.db');
  const log = join(dir, 'server.log');
  const env = { ...process.env, PARINDEX_DB: db };

  const demo = spawnSync(PARINDEX, ['--db', db, 'demo'], { env, encoding: 'utf8', timeout: DEMO_TIMEOUT_MS });
  if (demo.status !== 0)
    throw new Error(`parindex demo failed (${demo.status ?? demo.signal}):\n${demo.stderr}${demo.error ?? ''}`);

  // the port may be taken between freePort() and the server's bind: retry
  let child, url, lastErr;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const fd = openSync(log, 'a');
    child = spawn(PARINDEX, ['--db', db, 'serve', '--listen', `127.0.0.1:${port}`, '--threads', String(threads)],
      { env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    try {
      await waitHealthy(url, child, log);
      lastErr = null;
      break;
    } catch (e) {
      lastErr = e;
      await stopChild(child);
    }
  }
  if (lastErr) {
    if (!process.env.E2E_KEEP)
      rmSync(dir, { recursive: true, force: true });
    throw lastErr;
  }

  let stopped = false;
  return {
    url, db, dir, log,
    async stop() {
      if (stopped)
        return;
      stopped = true;
      await stopChild(child);
      if (!process.env.E2E_KEEP)
        rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts Chromium with a fresh profile (its own temporary --user-data-dir).
 * Returns { context, page, csp, stop() }: csp collects the console's
 * Content-Security-Policy violations, which no page may cause.
 */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'parindex-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'vi-VN',
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const csp = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy/i.test(text))
      csp.push(`${page.url()}: ${text}`);
  });
  let stopped = false;
  return {
    context, page, csp,
    async stop() {
      if (stopped)
        return;
      stopped = true;
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as SCREENSHOT_DIR/<name>.png; returns the path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Opens path and returns the response; a handler that is still a stub
 * (501 "not implemented yet") fails with a message that says so.
 */
export async function open(page, base, path) {
  const res = await page.goto(base + path, { waitUntil: 'load' });
  if (!res)
    throw new Error(`${path}: no response`);
  if (res.status() === 501)
    throw new Error(`${path}: 501, the page is still a stub (not implemented yet)`);
  return res;
}

// Vietnamese letters with diacritics: a page in Vietnamese shows some.
export const VIETNAMESE = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

// axe-core's WCAG 2.1 AA findings on the page as it is now, one line per
// rule ("id: selector, ..."; at most 3 nodes each); [] when there are none.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const res = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return res.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}
