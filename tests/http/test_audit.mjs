// The audit anchor under the web server (store/audit_anchor.c): writes
// from several server threads at once advance the anchored head to the
// newest entry (anchored_seq == seq in `audit head`), and the log still
// verifies against it. The attacks on the anchor are in
// tests/cli/test_audit.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, auditCount } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

function head() {
  const [seq, hash, hmac, at, printed, anchored] =
    srv.cli(['audit', 'head', '--format', 'csv']).trim().split('\n')[1].split(',');
  return { seq: Number(seq), hash, hmac, at, printed, anchored: Number(anchored) };
}

test('concurrent web writes keep the anchor on the newest entry', async () => {
  const admin = srv.client();
  await admin.login('admin');
  const csrf = await admin.csrf();
  const start = head();
  assert.equal(start.anchored, start.seq, 'the demo load is anchored');
  const password = 'correct-horse-battery';
  const rs = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) =>
    admin.post('/admin/users', { login: `anchor${i}`, name: 'A', role: 'office', password, csrf })));
  assert.deepEqual(rs.map((r) => r.status), Array(8).fill(303));
  const end = head();
  assert.equal(end.seq, start.seq + 8, 'one entry per user');
  assert.equal(end.anchored, end.seq, 'the anchor followed the last of the concurrent writes');
  assert.equal(auditCount(srv), end.seq);
  // the printed head witnesses the log
  srv.cli(['audit', 'verify', '--head', `${start.seq}:${start.hash}`]);
});
