// The audit anchor under the web server (store/audit_anchor.c): writes
// from several server threads at once advance the anchored head to the
// newest entry (anchored_seq == seq in `audit head`), and the log still
// verifies against it; the audit page reports the newest entries deleted,
// as `audit verify` does. The attacks on the anchor are in
// tests/cli/test_audit.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startServer, auditCount } from './harness.mjs';

// one SQL statement straight on the test database, as an attacker would
function sql(db, statement) {
  if (process.env.PARINDEX_TEST_DB) {
    const psql = process.env.PG_BINDIR ? path.join(process.env.PG_BINDIR, 'psql') : 'psql';
    execFileSync(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', statement]);
  } else {
    execFileSync('sqlite3', [db, statement]);
  }
}

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

test('the audit page reports the newest entries deleted', async () => {
  const admin = srv.client();
  await admin.login('admin');
  let r = await admin.get('/admin/audit?lang=en');
  assert.equal(r.status, 200);
  assert.match(r.text_, /Hash chain intact|Chuỗi băm toàn vẹn/);
  const { seq } = head();
  sql(srv.db, `DELETE FROM audit_log WHERE seq > ${seq - 3}`);
  r = await admin.get('/admin/audit');
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.text_, /Hash chain intact|Chuỗi băm toàn vẹn/);
  assert.match(r.text_, new RegExp(`(were deleted; missing entries:|đã bị xóa; các mục bị thiếu:) ${seq - 2}–${seq}`));
});
