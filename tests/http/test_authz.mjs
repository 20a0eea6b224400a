// The authorization matrix: every route of `parindex routes --format json`
// for every role of DESIGN.md and for anonymous visitors. The expected
// capability of each route is written here, so changing a route's
// capability, or adding a route without adding it here, fails this test
// (on purpose: a new URL is a new door, and someone must say who may use
// it). The outcome of each request is then computed from the capability:
//   allowed   -> no refusal by the router (no X-Parindex-Denied header);
//                the handler may still refuse for finer reasons (own unit)
//   anonymous -> HTML: 303 to /login?next=...; JSON (/api/): 401
//   signed in -> 403 (HTML page or JSON {"error": ...})
// POSTs carry a valid CSRF token and empty or harmless fields, so that the
// capability, not the CSRF check, decides; they must not change anything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ROLES } from './harness.mjs';

const EXPECTED = {
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'login',
  'GET /account': 'login',
  'POST /account/password': 'login',
  'POST /lang': 'public',
  'GET /admin/users': 'admin',
  'POST /admin/users': 'admin',
  'POST /admin/users/{login}/disable': 'admin',
  'POST /admin/tokens/{id}/revoke': 'admin',
  'GET /admin/audit': 'admin',
  'GET /': 'login',
  'GET /units': 'read',
  'GET /units/{code}': 'login',
  'GET /frameworks': 'read',
  'GET /frameworks/{code}': 'read',
  'GET /explain/{framework}/{unit}': 'login',
  'GET /charts/ranking/{framework}': 'read',
  'GET /public': 'public',
  'GET /public/results/{framework}': 'public',
  'GET /api/v1/public/results/{framework}': 'public',
  'GET /api/v1/me': 'login',
  'GET /api/v1/units': 'read',
  'GET /api/v1/units/{code}': 'login',
  'GET /api/v1/frameworks': 'read',
  'GET /api/v1/frameworks/{code}': 'read',
  'GET /api/v1/results/{framework}': 'read',
  'GET /api/v1/explain/{framework}/{unit}': 'login',
  'GET /notices': 'login',
  'GET /dossiers': 'read',
  'GET /dossiers/import': 'office',
  'POST /dossiers/import': 'office',
  'GET /dossiers/{unit}': 'login',
  'GET /dossiers/{unit}/late': 'login',
  'GET /cycles/{framework}': 'read',
  'POST /cycles/{framework}/advance': 'office',
  'POST /cycles/{framework}/open': 'office',
  'POST /cycles/{framework}/publish': 'office',
  'POST /assessments/{framework}/{unit}/extend': 'office',
  'POST /assessments/{framework}/{unit}/appraisers': 'office',
  'POST /assessments/{framework}/{unit}/appraisers/remove': 'office',
  'GET /assessments/{framework}/{unit}': 'login',
  'POST /assessments/{framework}/{unit}/scores': 'report',
  'POST /assessments/{framework}/{unit}/evidence': 'report',
  'POST /assessments/{framework}/{unit}/submit': 'report',
  'POST /appraisals/{framework}/{unit}/scores': 'appraise',
  'POST /replies/{framework}/{unit}': 'report',
  'POST /decisions/{framework}/{unit}': 'office',
  'GET /evidence/{id}': 'login',
  'GET /history/{framework}/{unit}/{criterion}': 'login',
  'GET /api/v1/notices': 'login',
  'GET /api/v1/assessments/{framework}/{unit}': 'login',
  'POST /api/v1/assessments/{framework}/{unit}/scores': 'report',
  'POST /api/v1/assessments/{framework}/{unit}/evidence': 'report',
  'POST /api/v1/assessments/{framework}/{unit}/submit': 'report',
  'POST /api/v1/appraisals/{framework}/{unit}/scores': 'appraise',
  'POST /api/v1/frameworks/{framework}/publish': 'office',
  'GET /healthz': 'public',
  'GET /static/{rest*}': 'public',
};

// DESIGN.md "Roles" as capabilities (src/core/roles.c)
const ALL = ['anonymous', ...ROLES];
const ALLOWED = {
  public: ALL,
  login: ROLES,
  read: ['admin', 'office', 'leader', 'appraiser'],
  office: ['admin', 'office'],
  admin: ['admin'],
  appraise: ['admin', 'appraiser'],
  report: ['admin', 'reporter'],
  inspect: ['admin', 'inspector'],
  evaluate: ['admin', 'staff'],
};

let srv, routes, framework;
before(async () => {
  srv = await startServer();
  routes = JSON.parse(srv.cli(['routes', '--format', 'json']));
  framework = JSON.parse(srv.cli(['framework', 'list', '--format', 'json']))
    .find((f) => f.group === 'department').code;
});
after(async () => { await srv.stop(); });

function fill(pattern) {
  const values = { code: 'SO-NV', unit: 'SO-NV', framework, login: 'no-such-user', id: '999999', criterion: '1', 'rest*': 'style.css' };
  return pattern.replace(/\{([^}]+)\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`no test value for {${name}} in ${pattern}: add one to fill()`);
    return encodeURIComponent(values[name]).replace(/%2F/g, '/');
  });
}

test('every route is in the expectations table with the same capability', () => {
  const missing = [], wrong = [];
  for (const r of routes) {
    const key = `${r.method} ${r.path}`;
    if (!(key in EXPECTED)) missing.push(`${key} (${r.capability})`);
    else if (EXPECTED[key] !== r.capability) wrong.push(`${key}: table says ${EXPECTED[key]}, route says ${r.capability}`);
    assert.ok(r.capability in ALLOWED, `unknown capability ${r.capability}`);
  }
  assert.deepEqual(missing, [], 'routes missing from EXPECTED in tests/http/test_authz.mjs');
  assert.deepEqual(wrong, [], 'capabilities changed');
  const stale = Object.keys(EXPECTED).filter((k) => !routes.some((r) => `${r.method} ${r.path}` === k));
  assert.deepEqual(stale, [], 'EXPECTED lists routes that no longer exist');
});

test('every route x every role (and anonymous)', async () => {
  const failures = [];
  let checked = 0;
  // POST /logout last: it ends the session the other requests use
  const ordered = [...routes].sort((a, b) => (a.path === '/logout') - (b.path === '/logout'));
  for (const who of ALL) {
    const c = srv.client();
    if (who !== 'anonymous') await c.login(who);
    const csrf = await c.csrf();
    for (const r of ordered) {
      const path = fill(r.path);
      const res = r.method === 'GET' ? await c.get(path) : await c.post(path, { csrf });
      const allowed = ALLOWED[r.capability].includes(who);
      const denied = res.headers.get('x-parindex-denied');
      const json = path.startsWith('/api/');
      const where = `${who} ${r.method} ${path} -> ${res.status} ${denied ?? ''}`;
      checked++;
      if (allowed) {
        if (denied) failures.push(`${where}: should be allowed`);
        if (res.status >= 500) failures.push(`${where}: server error`);
        continue;
      }
      if (who === 'anonymous') {
        if (json) {
          if (res.status !== 401 || denied !== 'login') failures.push(`${where}: expected 401`);
          else assert.ok(JSON.parse(res.text_).error);
        } else if (res.status !== 303 || denied !== 'login' ||
                   !res.headers.get('location').startsWith('/login?next=')) {
          failures.push(`${where}: expected a redirect to /login`);
        }
      } else if (res.status !== 403 || denied !== 'capability') {
        failures.push(`${where}: expected 403`);
      } else if (json) {
        assert.ok(JSON.parse(res.text_).error);
      } else {
        assert.match(res.text_, /Không có quyền truy cập/);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(checked, routes.length * ALL.length);
});
