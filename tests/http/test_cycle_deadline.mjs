// The self-assessment deadline over HTTP: the server runs on the day
// after the deadline (PARINDEX_TODAY), the CLI opens the cycle and grants
// one unit an extension on the deadline day itself. A unit without an
// extension is refused and nothing is written; the extended unit still
// self-assesses. Its own file, since each suite has one database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditCount } from './harness.mjs';
import { FW, ASSESS, api, criterion, setup } from './cycle_fixture.mjs';

test('self-assessment deadline: closed the day after, open with an extension', async (t) => {
  // the server lives on the day after the deadline; the CLI opens the
  // cycle and extends A2 on the deadline day itself
  const deadline = '2030-03-10', after = '2030-03-11';
  const saved = process.env.PARINDEX_TODAY;
  process.env.PARINDEX_TODAY = after;
  let ctx;
  try {
    ctx = await setup(t);
  } finally {
    process.env.PARINDEX_TODAY = deadline;
  }
  t.after(() => {
    if (saved === undefined) delete process.env.PARINDEX_TODAY; else process.env.PARINDEX_TODAY = saved;
  });
  const { srv, cli, tok } = ctx;
  cli(['cycle', 'open', '--framework', FW, '--self-until', deadline]);
  cli(['cycle', 'extend', '--framework', FW, '--unit', 'A2', '--until', after, '--reason', 'Sự cố mạng']);
  const before = auditCount(srv);
  let r = await api(srv, tok.rep1, 'POST', ASSESS('A1') + '/scores', { criterion: '1.2', self: 5 });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json.error, /self-assessment is closed/);
  assert.equal((await criterion(srv, tok.rep1, 'A1', '1.2')).self, null);
  assert.equal(auditCount(srv), before);
  // A2's extension runs to the server's today: still open
  r = await api(srv, tok.rep2, 'POST', ASSESS('A2') + '/scores', { criterion: '1.2', self: 5 });
  assert.equal(r.status, 200, r.text);
  assert.equal((await criterion(srv, tok.rep2, 'A2', '1.2')).self, 5);
});
