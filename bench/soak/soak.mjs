// The soak of issue 18 ("Durable under faults"): `parindex serve` on a
// SQLite file (the tests' cycle fixture on a fresh demo database, through
// tests/http/harness.mjs) under mixed reads and writes at a bounded rate
// for SOAK_SECONDS: self-assessment scores, evidence uploads and task
// reports (the writes of tests/http/test_kill9.mjs) beside reads of the
// assessment, the public results page and /healthz. Prints the requests
// and errors of each kind and the server's resident memory (VmRSS from
// /proc) after the warm-up, at the end and at its highest; exits 1 on
// any error or a growth of 5 % or more after the warm-up.
//   PARINDEX=build-release/parindex FIXTURES=tests/fixtures node bench/soak/soak.mjs
// Knobs: SOAK_SECONDS (600), SOAK_WARMUP (60), SOAK_RATE (requests/s in
// all, 10), SOAK_SAMPLE (seconds between RSS samples, 5).
import fs from 'node:fs';
import path from 'node:path';
import { setup, FW, ASSESS, api, today } from '../../tests/http/cycle_fixture.mjs';

process.env.PARINDEX_TODAY = process.env.PARINDEX_TODAY || today();
const SECONDS = Number(process.env.SOAK_SECONDS || 600);
const WARMUP = Number(process.env.SOAK_WARMUP || 60);
const RATE = Number(process.env.SOAK_RATE || 10);
const SAMPLE = Number(process.env.SOAK_SAMPLE || 5);
const PLANS = path.join(process.env.FIXTURES, 'plans');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssKb = (pid) => {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) : NaN;
};
const pdf = (i) => Buffer.from(`%PDF-1.4\n% soak ${i}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);

const cleanups = [];
const t = { after: (fn) => cleanups.push(fn) };
let code = 1;
try {
  const { srv, cli, tok } = await setup(t);
  cli(['cycle', 'open', '--framework', FW, '--self-until', today()]);
  cli(['plan', 'import', path.join(PLANS, 'http-plans.csv')]);
  tok.reporter = cli(['token', 'create', 'reporter']).match(/[A-Za-z0-9_-]{32,}/)[0];

  const kinds = {
    score: async (i) => (await api(srv, tok.rep1, 'POST', ASSESS('A1') + '/scores',
      { criterion: '1.1', self: (i % 10) + 0.5, note: `soak-${i}` })).status,
    evidence: async (i) => {
      const f = new FormData();
      f.append('criterion', '1.1');
      f.append('file', new Blob([pdf(i)], { type: 'application/pdf' }), `soak-${i}.pdf`);
      const res = await fetch(srv.base + ASSESS('A2') + '/evidence',
        { method: 'POST', headers: { Authorization: `Bearer ${tok.rep2}` }, body: f });
      await res.text();
      return res.status;
    },
    report: async (i) => (await api(srv, tok.reporter, 'POST', '/api/v1/plans/KH-T-HN/tasks/1/reports',
      { status: 'in_progress', date: process.env.PARINDEX_TODAY, progress: i % 100, note: `soak-${i}` })).status,
    read_assessment: async () => (await api(srv, tok.rep1, 'GET', ASSESS('A1'))).status,
    read_public: async () => {
      const res = await fetch(srv.base + '/public/results/HN-DEPT-2024');
      await res.arrayBuffer();
      return res.status;
    },
    healthz: async () => {
      const res = await fetch(srv.base + '/healthz');
      await res.text();
      return res.status;
    },
  };
  // one write in four: score, evidence, report in turn; reads the rest
  const plan = ['read_assessment', 'score', 'read_public', 'healthz', 'read_assessment', 'evidence',
    'read_public', 'read_assessment', 'report', 'read_public', 'healthz', 'read_assessment'];
  const stats = Object.fromEntries(Object.keys(kinds).map((k) => [k, { n: 0, errors: 0 }]));
  const firstErrors = [];
  const t0 = Date.now();
  const end = t0 + SECONDS * 1000;
  let warmRss = null, maxRss = 0, lastRss = 0;
  const samples = [];
  const sampler = (async () => {
    while (Date.now() < end) {
      await sleep(SAMPLE * 1000);
      lastRss = rssKb(srv.pid);
      const at = (Date.now() - t0) / 1000;
      samples.push([at, lastRss]);
      if (at >= WARMUP) {
        if (warmRss === null) warmRss = lastRss;
        maxRss = Math.max(maxRss, lastRss);
      }
    }
  })();
  // a bounded rate: request k starts at t0 + k / RATE, at most 16 at once
  let inFlight = 0;
  const pending = new Set();
  for (let k = 0; Date.now() < end; k++) {
    const due = t0 + (k * 1000) / RATE;
    if (due > Date.now()) await sleep(due - Date.now());
    while (inFlight >= 16) await sleep(5);
    const kind = plan[k % plan.length];
    inFlight++;
    const p = kinds[kind](k).then((s) => {
      stats[kind].n++;
      if (s !== 200 && s !== 201) {
        stats[kind].errors++;
        if (firstErrors.length < 5) firstErrors.push(`${kind} #${k}: HTTP ${s}`);
      }
    }, (e) => {
      stats[kind].n++;
      stats[kind].errors++;
      if (firstErrors.length < 5) firstErrors.push(`${kind} #${k}: ${e.message}`);
    }).finally(() => { inFlight--; pending.delete(p); });
    pending.add(p);
  }
  await Promise.all(pending);
  await sampler;
  const secs = (Date.now() - t0) / 1000;
  const total = Object.values(stats).reduce((a, s) => a + s.n, 0);
  const errors = Object.values(stats).reduce((a, s) => a + s.errors, 0);
  console.log(`soak: ${secs.toFixed(0)} s, warm-up ${WARMUP} s, rate ${RATE}/s requested, ` +
    `${(total / secs).toFixed(1)}/s served, ${total} requests, ${errors} errors`);
  for (const [k, s] of Object.entries(stats))
    console.log(`  ${k.padEnd(16)} ${String(s.n).padStart(7)} requests ${String(s.errors).padStart(5)} errors`);
  for (const e of firstErrors) console.log(`  error: ${e}`);
  const growth = warmRss ? (100 * (lastRss - warmRss)) / warmRss : NaN;
  console.log(`  server RSS: ${(warmRss / 1024).toFixed(1)} MB after warm-up, ${(lastRss / 1024).toFixed(1)} MB ` +
    `at the end, ${(maxRss / 1024).toFixed(1)} MB at most; growth ${growth.toFixed(2)} % (target < 5 %)`);
  console.log(`  RSS samples (s:MB): ${samples.map(([a, r]) => `${a.toFixed(0)}:${(r / 1024).toFixed(1)}`).join(' ')}`);
  const integrity = srv.cli(['audit', 'verify']).trim().split('\n').pop();
  console.log(`  audit verify: ${integrity}`);
  code = errors === 0 && growth < 5 ? 0 : 1;
  console.log(`  result: ${code === 0 ? 'targets met' : 'TARGET MISSED'}`);
} catch (e) {
  console.error('soak:', e);
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
process.exit(code);
