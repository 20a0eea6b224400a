// Harness for the HTTP black-box suites (node --test; Node >= 18 has fetch).
//
// startServer() makes a fresh database (`parindex --db X demo`: the demo
// city and the demo users, password DEMO_PASSWORD), starts
// `parindex serve --listen 127.0.0.1:0` (the kernel picks a free port; the
// server prints its URL), waits for /healthz and returns a handle whose
// stop() sends SIGTERM and waits for the exit. CTest gives PARINDEX (the
// binary), TMPROOT, FIXTURES, and PARINDEX_TEST_DB (a fresh PostgreSQL
// database) for the pg.http.* runs; without it the database is a SQLite
// file in a temporary directory.
//
// Client keeps cookies like a browser (HttpOnly and SameSite are the
// server's promise to browsers; here we only check they are set), sends an
// Origin header on POST like a browser, never follows redirects.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = process.env.PARINDEX;
export const DEMO_PASSWORD = 'demo-parindex';
export const ROLES = ['admin', 'office', 'leader', 'appraiser', 'inspector', 'reporter', 'staff'];
if (!BIN) throw new Error('PARINDEX must name the parindex binary');

// shareWith: another server's handle: this one serves the same database
// (no demo of its own), as a second application server would.
export async function startServer({ args = [], shareWith = null } = {}) {
  const root = process.env.TMPROOT || os.tmpdir();
  fs.mkdirSync(root, { recursive: true });
  const dir = shareWith ? shareWith.dir : fs.mkdtempSync(path.join(root, 'http-'));
  const db = shareWith ? shareWith.db : process.env.PARINDEX_TEST_DB || path.join(dir, 'test.db');
  // a PostgreSQL database's audit anchor key (a SQLite file's is beside
  // it); the environment is read at each call, so a test may move the
  // date (PARINDEX_TODAY) between commands
  const envNow = () => {
    const env = { ...process.env };
    if (process.env.PARINDEX_TEST_DB) env.PARINDEX_AUDIT_KEY = path.join(dir, 'pg.audit-key');
    return env;
  };
  const env = envNow();
  const cli = (args, input) =>
    execFileSync(BIN, ['--db', db, ...args], {
      input: input ?? '',
      encoding: 'utf8',
      env: envNow(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  if (!shareWith) cli(['demo']);
  const child = spawn(BIN, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '4', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => resolve({ code, sig })));
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + log)), 30000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
    child.on('exit', () => { clearTimeout(timer); reject(new Error('server exited:\n' + log)); });
  });
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(base + '/healthz');
      if (r.status === 200) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, db, dir, cli,
    pid: child.pid,
    log: () => log,
    kill: (sig) => child.kill(sig),
    client: () => new Client(base),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const r = await exited;
      if (!shareWith) fs.rmSync(dir, { recursive: true, force: true });
      return r;
    },
  };
}

// Number of audit entries, from `parindex audit verify` (which also
// checks the chain).
export function auditCount(srv) {
  const out = srv.cli(['audit', 'verify']);
  const m = out.match(/intact: (\d+) entries/);
  if (!m) throw new Error('audit verify: ' + out);
  return Number(m[1]);
}

export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.headers = {};
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (gone) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }

  async request(method, p, { form, body, headers = {}, origin = true } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    let payload = body;
    if (form) {
      payload = new URLSearchParams(form).toString();
      h['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    if (method === 'POST' && origin && !('Origin' in h)) h.Origin = this.base;
    const res = await fetch(this.base + p, { method, headers: h, body: payload, redirect: 'manual' });
    this.keep(res);
    res.text_ = await res.text();
    return res;
  }

  get(p, opts) { return this.request('GET', p, opts); }
  post(p, form, opts = {}) { return this.request('POST', p, { ...opts, form }); }

  // The CSRF token a page's forms carry (signed in: the session's; else
  // the sign-in form's double-submit token).
  async csrf() {
    const r = await this.get(this.cookies.has('parindex_session') ? '/account' : '/login');
    const m = r.text_.match(/name="csrf" value="([^"]+)"/);
    if (!m) throw new Error('no csrf field in the page');
    return m[1];
  }

  async login(login, password = DEMO_PASSWORD) {
    const csrf = await this.csrf();
    const r = await this.post('/login', { login, password, csrf });
    if (r.status !== 303) throw new Error(`login ${login}: ${r.status} ${r.text_.slice(0, 200)}`);
    return r;
  }
}
