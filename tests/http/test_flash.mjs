// A form's outcome is a one-time message kept on the server for the
// session that posted the form (issue 11): text in the URL (?err=, ?ok=)
// is never shown as the site's message; the message shows on the next
// page once, then is gone; another session (even of the same user) never
// sees it; an ok message is a msgid translated when shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, DEMO_PASSWORD } from './harness.mjs';
import { flashOf } from './flash.mjs';

const FIX = path.join(process.env.FIXTURES, 'cycle');
const FW = 'T-AGENCY-2025';
const day = (offset) =>
  new Date(Date.now() + 7 * 3600 * 1000 + offset * 86400000).toISOString().slice(0, 10);

test('messages come from the server, once, to their own session only', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  srv.cli(['unit', 'import', path.join(FIX, 'units.csv')]);
  srv.cli(['framework', 'import', path.join(FIX, 't-agency.json')]);
  const office = srv.client();
  await office.login('office', DEMO_PASSWORD);
  const csrf = await office.csrf();
  let res = await office.post(`/cycles/${FW}/open`, { csrf, self_until: day(5) });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `/cycles/${FW}`, 'the redirect carries no message');
  let page = await office.get(`/cycles/${FW}`);
  assert.deepEqual(flashOf(page.text_), { kind: 'ok', text: 'Đã mở kỳ đánh giá' });

  // a link with a message in it shows nothing: signed in, signed out, on
  // every page that once read ?ok= / ?err=
  const forged = '?err=' + encodeURIComponent('Tài khoản bị khoá — gọi 0900 000 000') +
    '&ok=' + encodeURIComponent('Published');
  const anon = srv.client();
  for (const [who, c] of [['office', office], ['anonymous', anon]]) {
    for (const p of [`/cycles/${FW}`, `/assessments/${FW}/A1`, '/', '/notices', '/public', '/cycles']) {
      const page = await c.get(p + forged);
      assert.doesNotMatch(page.text_, /0900 000 000|gọi 0900/, `${who} ${p}: ?err= text is not shown`);
      if (who === 'office') assert.equal(flashOf(page.text_), null, `${who} ${p}: no message at all`);
    }
  }

  // an extension's outcome: shown (translated) on the next page, once
  res = await office.post(`/assessments/${FW}/A2/extend`, { csrf, until: day(3), reason: 'Sự cố mạng' });
  assert.equal(res.headers.get('location'), `/assessments/${FW}/A2`);
  // another session of the same user never sees it
  const other = srv.client();
  await other.login('office', DEMO_PASSWORD);
  page = await other.get(`/assessments/${FW}/A2`);
  assert.equal(flashOf(page.text_), null, 'another session sees no message');
  page = await office.get(`/assessments/${FW}/A2`);
  assert.deepEqual(flashOf(page.text_), { kind: 'ok', text: 'Đã gia hạn' }, 'translated when shown');
  page = await office.get(`/assessments/${FW}/A2`);
  assert.equal(flashOf(page.text_), null, 'gone after it was shown');

  // a refusal: the diagnostic, in the user's language, once
  res = await office.post(`/assessments/${FW}/A2/extend`, { csrf, until: day(3), reason: '' });
  assert.equal(res.status, 303);
  assert.doesNotMatch(res.headers.get('location'), /[?&](err|ok)=/);
  page = await office.get(`/assessments/${FW}/A2?lang=vi`);
  const f = flashOf(page.text_);
  assert.equal(f?.kind, 'error', 'a refusal is an error message');
  assert.match(f.text, /lý do/);
  assert.match(page.text_, /<p class="flash error" role="alert" id="flash"/);
  assert.equal(flashOf((await office.get(`/assessments/${FW}/A2`)).text_), null, 'once');

  // a HEAD (a link checker, a prefetch) does not take it
  res = await office.post(`/assessments/${FW}/A2/extend`, { csrf, until: 'x', reason: 'y' });
  assert.equal((await office.request('HEAD', `/assessments/${FW}/A2`)).status, 200);
  page = await office.get(`/assessments/${FW}/A2`);
  assert.equal(flashOf(page.text_)?.kind, 'error', 'still there after a HEAD');

  // stored by the session's hash, never by the cookie itself
  const cookie = office.cookies.get('parindex_session');
  srv.cli(['user', 'list']); // the database is readable meanwhile
  res = await office.post(`/assessments/${FW}/A2/extend`, { csrf, until: day(3), reason: '' });
  const { execFileSync } = await import('node:child_process');
  if (!process.env.PARINDEX_TEST_DB) {
    const rows = execFileSync('sqlite3', [srv.db, 'SELECT token_hash FROM web_flash'], { encoding: 'utf8' });
    assert.equal(rows.trim().split('\n').length, 1, 'one flash waiting');
    assert.ok(!rows.includes(cookie), 'the cookie is not stored');
  }
});
