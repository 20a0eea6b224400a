// Shared setup of the cycle rule suites (test_cycle_rules.mjs,
// test_cycle_deadline.mjs): a server on a fresh demo database with the
// units and framework of fixtures/cycle, two reporters, two appraisers and
// a token each; JSON API calls; one SQL statement on the server's database
// (sqlite3 or psql) for the changes no command makes. Not a test file.
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer } from './harness.mjs';

const FIX = path.join(process.env.FIXTURES, 'cycle');
export const FW = 'T-AGENCY-2025';
export const PASSWORD = 'mat-khau-thu-nghiem';
export const ASSESS = (u) => `/api/v1/assessments/${FW}/${u}`;
export const APPRAISE = (u) => `/api/v1/appraisals/${FW}/${u}/scores`;

export function today() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

// One SQL statement on the server's database.
export function sql(srv, stmt) {
  if (/^postgres(ql)?:/.test(srv.db)) {
    const psql = process.env.PG_BINDIR ? path.join(process.env.PG_BINDIR, 'psql') : 'psql';
    execFileSync(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', srv.db, '-c', stmt]);
  } else {
    execFileSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', srv.db, stmt]);
  }
}

export async function api(srv, token, method, p, body) {
  const h = { Authorization: `Bearer ${token}` };
  let payload;
  if (body) {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  const res = await fetch(srv.base + p, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

export async function criterion(srv, token, unit, code) {
  const r = await api(srv, token, 'GET', ASSESS(unit));
  assert.equal(r.status, 200, r.text);
  return r.json.criteria.find((c) => c.criterion === code);
}

// A server with A1 and A2 (fixtures/cycle), reporters rep1 (A1) and rep2
// (A2), appraisers ap1 and ap2 (no unit), and a token for each of them,
// the office and the admin.
export async function setup(t) {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = srv.cli;
  cli(['unit', 'import', path.join(FIX, 'units.csv')]);
  cli(['framework', 'import', path.join(FIX, 't-agency.json')]);
  for (const [login, role, unit] of [['rep1', 'reporter', 'A1'], ['rep2', 'reporter', 'A2'],
    ['ap1', 'appraiser', null], ['ap2', 'appraiser', null]]) {
    cli(['user', 'add', login, '--role', role, ...(unit ? ['--unit', unit] : [])], PASSWORD + '\n');
  }
  const tok = {};
  for (const u of ['rep1', 'rep2', 'ap1', 'ap2', 'office', 'admin']) {
    tok[u] = cli(['token', 'create', u]).match(/[A-Za-z0-9_-]{32,}/)[0];
  }
  return { srv, cli, tok };
}

