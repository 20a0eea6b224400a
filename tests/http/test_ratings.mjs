// Citizen ratings of dossiers (shared/formats/surveys.md "Public form and
// ratings"): the tokens as CSV (created once, the same on a second run),
// the public form /rate/{token} as an anonymous visitor on a phone — bad
// input (no rating, 0, 6, a huge comment) is refused with a clear message
// and what was typed kept, nothing stored; an unknown token is 404; a
// good rating is stored and answered 303 with the thank-you page; rating
// again replaces; the ratings CSV; the dossier's rating and the month's
// counters and metrics follow; the per-address limit; the office's slips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, auditCount } from './harness.mjs';

const UNIT = 'P-BA-DINH';
const MONTH = '2026-03';

function query(srv, stmt) {
  if (/^postgres(ql)?:/.test(srv.db)) {
    const psql = process.env.PG_BINDIR ? path.join(process.env.PG_BINDIR, 'psql') : 'psql';
    return execFileSync(psql, ['-X', '-At', '-v', 'ON_ERROR_STOP=1', srv.db, '-c', stmt], { encoding: 'utf8' }).trim();
  }
  return execFileSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', srv.db, stmt], { encoding: 'utf8' }).trim();
}

const csvRows = (text) => text.trim().split('\n');

test('rating tokens, the public rating form, replace on rerate, the CSV', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());

  // tokens: dossier_code,token,url; one per finished dossier of the month
  const args = ['dossier', 'rating-tokens', '--unit', UNIT, '--month', MONTH, '--base-url',
    'https://dichvucong.example.vn/', '--format', 'csv'];
  const first = srv.cli(args);
  const rows = csvRows(first);
  assert.equal(rows[0], 'dossier_code,token,url');
  const finished = Number(query(srv, `SELECT count(*) FROM dossier WHERE unit_code = '${UNIT}' AND status = 'finished'` +
    ` AND finished_at >= '2026-02-28T17:00:00Z' AND finished_at <= '2026-03-31T16:59:59Z'`));
  assert.ok(finished > 1);
  assert.equal(rows.length - 1, finished, 'one token per finished dossier of the month');
  for (const r of rows.slice(1)) {
    const [code, token, url] = r.split(',');
    assert.match(token, /^pxr_[A-Za-z0-9_-]{43}$/, '256 random bits, base64url');
    assert.equal(url, `https://dichvucong.example.vn/rate/${token}`);
    assert.ok(code);
  }
  assert.equal(new Set(rows.slice(1).map((r) => r.split(',')[1])).size, finished, 'tokens differ');
  const audited = auditCount(srv);
  assert.equal(srv.cli(args), first, 'a second run prints the same tokens');
  assert.equal(auditCount(srv), audited, 'and changes nothing');
  // only the office over the unit
  assert.throws(() => srv.cli(['--as', 'office-vhtt', ...args]), /chỉ cơ quan đầu mối CCHC phụ trách đơn vị/);
  assert.throws(() => srv.cli(['dossier', 'rating-tokens', '--unit', UNIT, '--month', '2026-13']),
    /tháng không hợp lệ "2026-13" \(cần YYYY-MM\) \| invalid month/);

  const [code, token] = rows[1].split(',');
  const [code2, token2] = rows[2].split(',');
  const anon = srv.client();
  const stored = () => query(srv, `SELECT count(*) FROM dossier_rating WHERE dossier_code = '${code}'`);
  const before = auditCount(srv);

  let res = await anon.get(`/rate/${token}`);
  assert.equal(res.status, 200);
  assert.match(res.text_, /lang="vi"/, 'Vietnamese by default');
  assert.match(res.text_, /<fieldset class="rating-scale"><legend>/, 'a fieldset with a legend');
  assert.equal((res.text_.match(/type="radio" name="rating"/g) || []).length, 5);
  assert.ok(res.text_.includes(code), 'the dossier is named');
  assert.doesNotMatch(res.text_, /name="csrf"/, 'no CSRF token: the URL is the capability');

  // bad input: a clear message, what was typed kept, nothing stored
  for (const [form, msg] of [
    [{ comment: 'Nhanh, chu đáo' }, /Xin chọn một mức từ 1 đến 5/],
    [{ rating: '0', comment: 'Nhanh, chu đáo' }, /Mức &quot;0&quot; không hợp lệ: chọn từ 1 đến 5/],
    [{ rating: '6', comment: 'Nhanh, chu đáo' }, /Mức &quot;6&quot; không hợp lệ/],
    [{ rating: '4', comment: 'ư'.repeat(1001) }, /Ý kiến dài 1001 ký tự, tối đa 1000/],
  ]) {
    res = await anon.post(`/rate/${token}`, form);
    assert.equal(res.status, 422, JSON.stringify(form).slice(0, 40));
    assert.match(res.text_, msg);
    assert.ok(res.text_.includes(`>${form.comment}</textarea>`), 'the comment kept');
    if (form.rating === '4') assert.match(res.text_, /value="4" checked/, 'the rating kept');
  }
  assert.equal(stored(), '0', 'nothing stored after the refusals');
  assert.equal(auditCount(srv), before, 'nothing audited');
  // an unknown or malformed token
  assert.equal((await anon.post(`/rate/pxr_${'A'.repeat(43)}`, { rating: '5' })).status, 404);
  assert.equal((await anon.get(`/rate/pxr_${'A'.repeat(43)}`)).status, 404);
  assert.equal((await anon.get('/rate/nonsense')).status, 404);
  assert.equal((await anon.post('/rate/nonsense', { rating: '9' })).status, 404, 'unknown first, then input');
  // a POST from another site is still refused
  res = await anon.post(`/rate/${token}`, { rating: '5' }, { headers: { Origin: 'https://evil.example' } });
  assert.equal(res.status, 403);
  assert.equal(stored(), '0');

  // a good rating: 303 (it is on disk), then the thank-you page
  res = await anon.post(`/rate/${token}`, { rating: '5', comment: 'Cán bộ tận tình' });
  assert.equal(res.status, 303, res.text_.slice(0, 300));
  assert.equal(res.headers.get('location'), `/rate/${token}/thanks`);
  res = await anon.get(`/rate/${token}/thanks`);
  assert.match(res.text_, /Cảm ơn Ông\/Bà/);
  assert.match(res.text_, /5 — rất hài lòng/);
  assert.equal(auditCount(srv), before + 1, 'one audit entry for the batch');
  const wasRated = query(srv, `SELECT rating FROM dossier WHERE code = '${code2}'`);
  res = await anon.post(`/rate/${token2}`, { rating: '2' });
  assert.equal(res.status, 303);

  // the form shows the rating so far; rating again replaces it
  res = await anon.get(`/rate/${token}`);
  assert.match(res.text_, /value="5" checked/);
  assert.match(res.text_, />Cán bộ tận tình<\/textarea>/);
  res = await anon.post(`/rate/${token}`, { rating: '3', comment: '' });
  assert.equal(res.status, 303);
  assert.equal(stored(), '1', 'one rating per dossier');
  assert.equal(query(srv, `SELECT rating FROM dossier WHERE code = '${code}'`), '3', "the dossier's rating follows");

  // rating list: dossier_code,rating,comment,rated_at
  const list = csvRows(srv.cli(['rating', 'list', '--unit', UNIT, '--month', MONTH, '--format', 'csv']));
  assert.equal(list[0], 'dossier_code,rating,comment,rated_at');
  const mine = list.filter((l) => l.startsWith(code + ',') || l.startsWith(code2 + ','));
  assert.equal(mine.length, 2);
  assert.match(mine.find((l) => l.startsWith(code + ',')), new RegExp(`^${code},3,,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`));
  assert.match(mine.find((l) => l.startsWith(code2 + ',')), /,2,,/);
  assert.equal(csvRows(srv.cli(['rating', 'list', '--month', '2025-01', '--format', 'csv'])).length, 1,
    'another month: the header only');
  assert.throws(() => srv.cli(['--as', 'reporter', 'rating', 'list']), /chỉ cơ quan đầu mối CCHC xem được đánh giá/);

  // the month's counters and, after the refresh, its metrics
  const cell = () => query(srv, `SELECT rated, satisfied FROM dossier_month WHERE unit_code = '${UNIT}' AND month = '${MONTH}'`);
  const expected = (() => {
    const v = query(srv, `SELECT count(rating), sum(CASE WHEN rating >= 4 THEN 1 ELSE 0 END) FROM dossier` +
      ` WHERE unit_code = '${UNIT}' AND status = 'finished' AND finished_at >= '2026-02-28T17:00:00Z'` +
      ` AND finished_at <= '2026-03-31T16:59:59Z'`);
    return v.replace(/\|?$/, '');
  })();
  assert.equal(cell(), expected, 'the counters equal what the dossiers say');
  assert.ok(wasRated !== undefined);
  srv.cli(['metric', 'refresh']);
  const metric = (m) => query(srv, `SELECT v.value FROM metric_value v JOIN unit u ON u.id = v.unit_id` +
    ` WHERE u.code = '${UNIT}' AND v.period = '${MONTH}' AND v.metric = '${m}'`);
  const [rated, satisfied] = expected.split('|').map(Number);
  assert.equal(Number(metric('dossier.rated')), rated);
  assert.equal(Number(metric('dossier.satisfied')), satisfied);
  assert.ok(Math.abs(Number(metric('dossier.satisfied_rate')) - satisfied / rated) < 1e-9);

  // the office's printable slips, with a QR code each
  const office = srv.client();
  await office.login('office');
  res = await office.get(`/rating-slips?unit=${UNIT}&month=${MONTH}`);
  assert.equal(res.status, 200);
  assert.equal((res.text_.match(/<li class="rating-slip">/g) || []).length, finished);
  assert.match(res.text_, /<svg[^>]*>/);
  assert.ok(res.text_.includes(`/rate/${token}`));
  // a month without slips yet: the page offers to create them (a POST with CSRF)
  res = await office.get(`/rating-slips?unit=${UNIT}&month=2026-05`);
  assert.equal((res.text_.match(/<li class="rating-slip">/g) || []).length, 0);
  assert.match(res.text_, /Hồ sơ đã giải quyết chưa có phiếu: (\d+)/);
  const waiting = Number(res.text_.match(/Hồ sơ đã giải quyết chưa có phiếu: (\d+)/)[1]);
  assert.equal((await office.post('/rating-slips', { unit: UNIT, month: '2026-05' })).status, 403, 'no CSRF token');
  res = await office.post('/rating-slips', { csrf: await office.csrf(), unit: UNIT, month: '2026-05' });
  assert.equal(res.status, 303);
  res = await office.get(res.headers.get('location'));
  assert.equal((res.text_.match(/<li class="rating-slip">/g) || []).length, waiting);
  assert.doesNotMatch(res.text_, /chưa có phiếu/);
  assert.equal(csvRows(srv.cli(['dossier', 'rating-tokens', '--unit', UNIT, '--month', '2026-05', '--format', 'csv'])).length - 1,
    waiting, 'the CLI prints the tokens the page created');
  const vhtt = srv.client();
  await vhtt.login('office-vhtt');
  assert.equal((await vhtt.get(`/rating-slips?unit=${UNIT}&month=${MONTH}`)).status, 403,
    'an office over another subtree');

  // the per-address limit, on a second server over the same database
  process.env.PARINDEX_RATINGS_PER_HOUR = '3';
  const limited = await startServer({ shareWith: srv });
  delete process.env.PARINDEX_RATINGS_PER_HOUR;
  try {
    const more = csvRows(srv.cli(['dossier', 'rating-tokens', '--unit', UNIT, '--month', '2026-04', '--format', 'csv']));
    const c = limited.client();
    for (let i = 1; i <= 3; i++)
      assert.equal((await c.post(`/rate/${more[i].split(',')[1]}`, { rating: '4' })).status, 303);
    const [code4, token4] = more[4].split(',');
    const r4 = await c.post(`/rate/${token4}`, { rating: '4', comment: 'lần thứ tư' });
    assert.equal(r4.status, 429);
    assert.match(r4.text_, /quá nhiều đánh giá gửi từ địa chỉ này/);
    assert.ok(r4.text_.includes('>lần thứ tư</textarea>'));
    assert.equal(query(srv, `SELECT count(*) FROM dossier_rating WHERE dossier_code = '${code4}'`), '0');
  } finally {
    await limited.stop();
  }
});
