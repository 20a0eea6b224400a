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
//
// Then the same walk with grants scoped to a unit's subtree (issue 13):
// every route x every role held over Sở Văn hóa và Thể thao (SO-VHTT) x
// the URL naming a unit inside (SO-VHTT) or outside (SO-NV) that subtree,
// each answer compared with a holder of the same role whose grant covers
// both units (city-wide for office and leader; over the city unit HN for
// the roles that need a unit, and for the inspector, whose unit makes it
// the unit's own people): inside, the scoped grant gets the same answer;
// outside, what the wide grant may do is refused (403 or 404) and what it
// may not stays refused; the city-wide views (a cycle, the live ranking,
// service quality of every unit, a city import) are refused to a scoped
// grant everywhere. "Done" is a 2xx, or a 3xx whose next page shows no
// error message.
// An appraiser's unit is where the member works (recusal only), so the
// appraiser gets the city-wide answers everywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, ROLES, DEMO_PASSWORD } from './harness.mjs';
import { outcomeOf } from './flash.mjs';

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
  'POST /admin/grants': 'admin',
  'POST /admin/users/{login}/grants/revoke': 'admin',
  'POST /admin/tokens/{id}/revoke': 'admin',
  'POST /admin/tokens': 'admin',
  'GET /account/tokens': 'login',
  'POST /account/tokens': 'login',
  'POST /account/tokens/{id}/revoke': 'login',
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
  'GET /cycles': 'read',
  'GET /cycles/{framework}': 'read',
  'GET /cycles/{framework}/advance': 'office',
  'GET /cycles/{framework}/publish': 'office',
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
  'POST /assessments/{framework}/{unit}/evidence/remove': 'report',
  'POST /appraisals/{framework}/{unit}/scores': 'appraise',
  'POST /appraisals/{framework}/{unit}/sections': 'appraise',
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
  'GET /plans': 'login',
  'GET /plans/overdue': 'login',
  'GET /plans/urging/{unit}': 'office',
  'GET /plans/evidence/{id}': 'login',
  'GET /plans/{plan}': 'login',
  'GET /plans/{plan}/tasks/{task}': 'login',
  'POST /plans/{plan}/tasks/{task}/reports': 'report',
  'POST /plans/{plan}/tasks/{task}/cancel': 'office',
  'GET /api/v1/plans': 'login',
  'GET /api/v1/plans/{plan}': 'login',
  'GET /api/v1/plans/{plan}/status': 'login',
  'POST /api/v1/plans/{plan}/tasks/{task}/reports': 'report',
  'POST /api/v1/plans/{plan}/tasks/{task}/cancel': 'office',
  'GET /inspections': 'login',
  'GET /inspections/good-practices': 'login',
  'GET /inspections/evidence/{id}': 'login',
  'GET /inspections/{code}': 'login',
  'GET /inspections/{code}/conclusion': 'login',
  'POST /inspections/{code}/start': 'login',
  'POST /inspections/{code}/check': 'inspect',
  'POST /inspections/{code}/findings': 'login',
  'POST /inspections/{code}/recommendations': 'login',
  'POST /inspections/{code}/conclude': 'login',
  'POST /inspections/{code}/close': 'login',
  'GET /recommendations': 'login',
  'GET /recommendations/{id}': 'login',
  'POST /recommendations/{id}/report': 'report',
  'POST /recommendations/{id}/accept': 'login',
  'POST /recommendations/{id}/reject': 'login',
  'GET /api/v1/inspections': 'login',
  'GET /api/v1/inspections/{code}': 'login',
  'POST /api/v1/inspections/{code}/start': 'login',
  'POST /api/v1/inspections/{code}/check': 'inspect',
  'POST /api/v1/inspections/{code}/findings': 'login',
  'POST /api/v1/inspections/{code}/recommendations': 'login',
  'POST /api/v1/inspections/{code}/conclude': 'login',
  'POST /api/v1/inspections/{code}/close': 'login',
  'GET /api/v1/recommendations': 'login',
  'POST /api/v1/recommendations/{id}/report': 'report',
  'POST /api/v1/recommendations/{id}/accept': 'login',
  'POST /api/v1/recommendations/{id}/reject': 'login',
  'GET /surveys': 'read',
  'POST /surveys': 'office',
  'GET /surveys/{campaign}': 'read',
  'POST /surveys/{campaign}/close': 'office',
  'POST /surveys/{campaign}/reopen': 'office',
  'POST /surveys/{campaign}/import': 'office',
  'POST /surveys/{campaign}/margins': 'office',
  'GET /surveys/{campaign}/codes': 'office',
  'GET /surveys/{campaign}/entry': 'office',
  'POST /surveys/{campaign}/entry': 'office',
  'GET /survey/{campaign}/{unit}': 'public',
  'POST /survey/{campaign}/{unit}': 'public',
  'GET /survey/{campaign}/{unit}/thanks': 'public',
  'GET /api/v1/surveys': 'read',
  'GET /api/v1/surveys/{campaign}/results': 'read',
  'GET /evaluation': 'login',
  'POST /evaluation/self': 'evaluate',
  'GET /evaluation/unit': 'login',
  'GET /evaluation/units/{unit}/{month}': 'login',
  'POST /evaluation/units/{unit}/{month}/score': 'read',
  'POST /evaluation/units/{unit}/{month}/approve': 'read',
  'POST /evaluation/units/{unit}/{month}/reopen': 'office',
  'GET /evaluation/units/{unit}/year/{year}': 'read',
  'GET /evaluation/people/{code}/year/{year}': 'login',
  'GET /api/v1/evaluation/me': 'login',
  'GET /api/v1/evaluation/units/{unit}/{month}': 'login',
  'GET /api/v1/evaluation/units/{unit}/year/{year}': 'login',
  'GET /healthz': 'public',
  'GET /static/{rest*}': 'public',
  // the office's plan import and overview (issue 13, page_plan_office.c)
  'GET /plans/import': 'office',
  'POST /plans/import': 'office',
  'GET /plans/overview': 'office',
  // citizen ratings of dossiers (issue 15, page_rating.c): the token is the capability
  'GET /rate/{token}': 'public',
  'POST /rate/{token}': 'public',
  'GET /rate/{token}/thanks': 'public',
  'GET /rating-slips': 'office',
  'POST /rating-slips': 'office',
  // emulation (issue 17, page_emulation.c): the finer rule is app_emu_may_act / app_emu_may_see
  'GET /emulation': 'login',
  'POST /emulation/decide': 'login',
  'GET /emulation/proposals': 'login',
  'POST /emulation/vote': 'login',
  'GET /emulation/decision': 'login',
  'GET /emulation/minutes': 'login',
  'GET /emulation/awards': 'login',
  'GET /public/models': 'public',
  'GET /api/v1/emulation/proposals': 'login',
  'GET /api/v1/emulation/awards': 'login',
  'POST /api/v1/emulation/vote': 'login',
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
  inspect: ['admin', 'office', 'inspector'], // the PAR office inspects too; the team rule decides who
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

function fill(pattern, unit = 'SO-NV') {
  const values = { code: unit, unit, framework, login: 'no-such-user', id: '999999', criterion: '1', 'rest*': 'style.css', plan: 'KH-NONE', task: '1', campaign: 'SV-NONE', month: '2026-01', year: '2026' };
  values.token = 'pxr_no-such-token'; // a rating slip's capability (page_rating.c)
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

// Roles whose grant is bounded by its unit (core/roles.c role_unit_is_scope);
// admin is city-wide only (a scoped admin is refused: test_grants.mjs).
const SCOPED = ['office', 'leader', 'inspector', 'reporter', 'staff'];
// Views of the whole city: a grant over one department does not reach them.
// The framework walked is the city's, so its cycle and the office's actions
// on its assessments (app_may_manage_framework) are the city office's too,
// inside the department as well (extend and decide with empty fields are
// refused for their input first, so they answer as for the city office).
// (GET /cycles lists the frameworks one may
// see: a department's office sees its own; test_framework_owner.mjs.)
const CITY_WIDE = new Set([
  'GET /cycles/{framework}', 'POST /cycles/{framework}/advance', 'POST /cycles/{framework}/open',
  'POST /cycles/{framework}/publish', 'POST /api/v1/frameworks/{framework}/publish',
  'GET /api/v1/results/{framework}', 'GET /charts/ranking/{framework}',
  'GET /dossiers', 'GET /dossiers/import', 'POST /dossiers/import',
  'GET /cycles/{framework}/advance', 'GET /cycles/{framework}/publish',
  'POST /assessments/{framework}/{unit}/appraisers', 'POST /assessments/{framework}/{unit}/appraisers/remove',
  'POST /surveys',
]);
const namesUnit = (p) => /\{unit\}/.test(p) || /^\/(api\/v1\/)?units\/\{code\}$/.test(p);

test('every route x every role x inside / outside the grant\'s subtree', async () => {
  // a cycle is open, so the assessment routes answer for real
  srv.cli(['cycle', 'open', '--framework', framework, '--self-until', '2099-12-31']);
  const wide = {};
  for (const role of [...SCOPED, 'appraiser']) {
    srv.cli(['user', 'add', `s-${role}`, '--role', role, '--unit', 'SO-VHTT'], DEMO_PASSWORD + '\n');
    wide[role] = role;
    if (['inspector', 'reporter', 'staff'].includes(role)) {
      srv.cli(['user', 'add', `c-${role}`, '--role', role, '--unit', 'HN'], DEMO_PASSWORD + '\n');
      wide[role] = `c-${role}`;
    }
  }
  const ordered = routes.filter((r) => r.path !== '/logout' && !r.path.startsWith('/admin/'));
  const failures = [];
  let checked = 0;
  const walk = async (login, unit) => {
    const c = srv.client();
    await c.login(login, DEMO_PASSWORD);
    const csrf = await c.csrf();
    const out = new Map();
    for (const r of ordered) {
      const res = r.method === 'GET' ? await c.get(fill(r.path, unit)) : await c.post(fill(r.path, unit), { csrf });
      // a form's refusal is the message of the page it leads to (the flash)
      const done = res.status < 300 ||
        (res.status < 400 && !(await outcomeOf(c, res)).startsWith('error: '));
      out.set(`${r.method} ${r.path}`, {
        status: res.status, denied: res.headers.get('x-parindex-denied'), done,
      });
    }
    return out;
  };
  for (const role of [...SCOPED, 'appraiser']) {
    for (const [where, unit] of [['inside', 'SO-VHTT'], ['outside', 'SO-NV']]) {
      const city = await walk(wide[role], unit), scoped = await walk(`s-${role}`, unit);
      for (const r of ordered) {
        const key = `${r.method} ${r.path}`;
        const a = city.get(key), b = scoped.get(key);
        const at = `s-${role} (${where}) ${r.method} ${fill(r.path, unit)} -> ${b.status} ${b.denied ?? ''}; ${wide[role]} -> ${a.status}`;
        checked++;
        const refused = b.status === 403 || b.status === 404;
        if (b.status >= 500) failures.push(`${at}: server error`);
        // the router's capability check is the same for every grant of a role
        if ((b.denied === 'capability') !== (a.denied === 'capability')) failures.push(`${at}: capability check differs`);
        if (a.denied === 'capability') continue;
        if (role === 'appraiser') {
          if (b.status !== a.status) failures.push(`${at}: an appraiser's unit only recuses`);
        } else if (CITY_WIDE.has(key)) {
          if (!refused) failures.push(`${at}: a city-wide view must be refused to a scoped grant`);
        } else if (where === 'inside' || !namesUnit(r.path)) {
          if (b.status !== a.status) failures.push(`${at}: should answer as the city-wide grant`);
        } else if (a.done ? !refused : b.done) {
          failures.push(`${at}: outside the subtree should be refused`);
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(checked, ordered.length * (SCOPED.length + 1) * 2);
});
