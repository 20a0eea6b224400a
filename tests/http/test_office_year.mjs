// The office's year on the web after opening (issue 11; one server per
// file, as the PostgreSQL runs need; test_cycle_office.mjs opens and
// staffs from the assessment page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from './harness.mjs';
import { outcomeOf } from './flash.mjs';
import { FW, PASSWORD, ASSESS, APPRAISE, today, sql, api, setup } from './cycle_fixture.mjs';

// The rest of the year on the web (issue 11): the cycle page names the
// framework by its title with every deadline and each unit's appraisal
// progress; the council is staffed from it (a member of the unit is shown
// as recused and not offered); moving on and publishing go through a
// confirmation page that lists what is still missing (the same
// app_cycle_readiness as `cycle status`) and warns about incomplete units;
// /cycles lists every framework's cycle.
test('the office advances and publishes through confirmations that say what is missing', async (t) => {
  const { srv, cli, tok } = await setup(t);
  cli(['user', 'add', 'hd-a1', '--role', 'appraiser', '--unit', 'A1', '--name', 'Lê Văn Cùng Đơn Vị'], 'mat-khau-hoi-dong\n');
  const office = srv.client();
  await office.login('office', DEMO_PASSWORD);
  const csrf = await office.csrf();
  let res = await office.post(`/cycles/${FW}/open`, { csrf, self_until: today(), reply_until: '' });
  assert.match(await outcomeOf(office, res), /^ok: Đã mở kỳ đánh giá/);

  let page = await office.get(`/cycles/${FW}`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /<h2>Kỳ đánh giá — Bộ tiêu chí thử nghiệm chu kỳ đánh giá 2025<\/h2>/, 'the title, not the code');
  const [y, m, d] = today().split('-');
  assert.match(page.text_, new RegExp(`Hạn tự đánh giá</dt><dd>${d}/${m}/${y}</dd>`), 'dd/mm/yyyy');
  assert.match(page.text_, /Hạn thẩm định<\/dt><dd>—/);
  // the council: A1's select offers ap1 and ap2, never hd-a1 (recused, and said so)
  const row = (unit) => page.text_.match(new RegExp(`<tr id="u-${unit}">.*?</tr>`))[0];
  assert.match(row('A1'), /<option value="ap1">/);
  assert.doesNotMatch(row('A1'), /<option value="hd-a1">/, 'a member of the unit is not offered');
  assert.match(row('A1'), /Lê Văn Cùng Đơn Vị — thành viên của đơn vị này/, 'and is shown as recused');
  assert.match(row('A2'), /<option value="hd-a1">/, 'the same member may appraise another unit');
  for (const unit of ['A1', 'A2']) {
    res = await office.post(`/assessments/${FW}/${unit}/appraisers`, { csrf, login: 'ap1', back: 'cycle' });
    assert.equal(res.headers.get('location'), `/cycles/${FW}`, 'back to the cycle page');
    assert.match(await outcomeOf(office, res), /^ok: /);
  }
  res = await office.post(`/assessments/${FW}/A2/appraisers`, { csrf, login: 'hd-a1', back: 'cycle' });
  res = await office.post(`/assessments/${FW}/A2/appraisers/remove`, { csrf, login: 'hd-a1', back: 'cycle' });
  assert.match(await outcomeOf(office, res), /^ok: /);
  res = await office.post(`/assessments/${FW}/A1/appraisers`, { csrf, login: 'hd-a1', back: 'cycle' });
  assert.match(await outcomeOf(office, res), /^error: .*của chính mình/, 'recusal is the rule, not only the page');
  page = await office.get(`/cycles/${FW}`);
  assert.doesNotMatch(row('A2'), /Lê Văn Cùng Đơn Vị<br>|Lê Văn Cùng Đơn Vị <form/, 'unassigned');

  // A1 submits, A2 does not
  for (const [c, v] of [['1.1', 9], ['1.2', 8], ['2.1', 5]]) {
    const r = await api(srv, tok.rep1, 'POST', ASSESS('A1') + '/scores', { criterion: c, self: v, note: 'cách tính' });
    assert.equal(r.status, 200, r.text);
  }
  assert.equal((await api(srv, tok.rep1, 'POST', ASSESS('A1') + '/submit')).status, 200);

  // the deadline has not passed and A2 has not submitted: the confirmation
  // says so and offers no button
  page = await office.get(`/cycles/${FW}/advance?from=self`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /1 đơn vị chưa nộp bản tự đánh giá: <a href="\/assessments\/T-AGENCY-2025\/A2">Cơ quan thử nghiệm Hai<\/a>/);
  assert.match(page.text_, /Chưa thể chuyển sang giai đoạn tiếp theo: còn 1 đơn vị chưa nộp/);
  assert.doesNotMatch(page.text_, /method="post" action="\/cycles\/T-AGENCY-2025\/advance"/);
  assert.match(cli(['cycle', 'status', '--framework', FW]), /còn thiếu \| missing: 1 đơn vị chưa nộp/, 'the CLI says the same');
  assert.doesNotMatch((await office.get('/notices')).text_, /Thẩm định còn tồn[^<]*<\/a> — T-AGENCY-2025/, 'self-assessment still open: no backlog yet');

  // the deadline passes: moving on is allowed, A2 is still listed as missing
  const yesterday = new Date(Date.now() + 7 * 3600 * 1000 - 86400000).toISOString().slice(0, 10);
  sql(srv, `UPDATE cycle SET self_until = '${yesterday}' WHERE framework = '${FW}'`);
  // self-assessment is closed: the office's "Việc cần làm" has the appraisal backlog
  page = await office.get('/notices');
  assert.match(page.text_, /Thẩm định còn tồn: 1 đơn vị, 3 tiêu chí chưa có điểm thẩm định của hội đồng<\/a> — T-AGENCY-2025/);
  assert.match(page.text_, /<a href="\/assessments\/T-AGENCY-2025\/A1">Cơ quan thử nghiệm Một: đã thẩm định 0\/3 tiêu chí<\/a>/);
  page = await office.get(`/cycles/${FW}`);
  assert.match(page.text_, /<form method="get" action="\/cycles\/T-AGENCY-2025\/advance"><input type="hidden" name="from" value="self">/,
    'the cycle page leads to the confirmation');
  page = await office.get(`/cycles/${FW}/advance?from=self`);
  assert.match(page.text_, /Kỳ đánh giá chuyển từ giai đoạn <strong>tự đánh giá<\/strong> → <strong>thẩm định<\/strong>/);
  assert.match(page.text_, /1 đơn vị chưa nộp bản tự đánh giá: <a[^>]*>Cơ quan thử nghiệm Hai/);
  assert.match(page.text_, /<form method="post" action="\/cycles\/T-AGENCY-2025\/advance"><input type="hidden" name="csrf" value="[^"]+"><input type="hidden" name="from" value="self">/);
  res = await office.post(`/cycles/${FW}/advance`, { csrf, from: 'self' });
  assert.match(await outcomeOf(office, res), /^ok: /);

  // appraisal: A1's criteria wait for the council
  page = await office.get(`/cycles/${FW}`);
  assert.match(page.text_, /<td class="num">0 \/ 3<\/td><td class="num">0<\/td>/, 'appraised 0 / 3');
  page = await office.get(`/cycles/${FW}/advance`);
  assert.match(page.text_, /3 tiêu chí chưa có điểm thẩm định của hội đồng, thuộc 1 đơn vị đã nộp: <a[^>]*>Cơ quan thử nghiệm Một<\/a> \(0\/3\)/);
  assert.doesNotMatch(page.text_, /method="post" action="\/cycles\/T-AGENCY-2025\/advance"/);
  for (const [c, v] of [['1.1', 9], ['1.2', 8], ['2.1', 5]]) {
    const r = await api(srv, tok.ap1, 'POST', APPRAISE('A1'), { criterion: c, appraised: v });
    assert.equal(r.status, 200, r.text);
  }
  page = await office.get(`/cycles/${FW}`);
  assert.match(page.text_, /<td class="num">3 \/ 3<\/td>/, 'appraised 3 / 3');
  assert.doesNotMatch((await office.get('/notices')).text_, /Thẩm định còn tồn[^<]*<\/a> — T-AGENCY-2025/, 'no backlog left');
  for (const from of ['appraisal', 'reply', 'decision']) {
    page = await office.get(`/cycles/${FW}/advance`);
    assert.match(page.text_, new RegExp(`name="from" value="${from}"`), from);
    res = await office.post(`/cycles/${FW}/advance`, { csrf, from });
    assert.match(await outcomeOf(office, res), /^ok: /, from);
  }
  // approved: the last step publishes, and says A2 is incomplete
  page = await office.get(`/cycles/${FW}/advance`);
  assert.match(page.text_, /Bước cuối này công bố kết quả/);
  assert.match(page.text_, /role="alert">1 đơn vị chưa hoàn tất/);
  page = await office.get(`/cycles/${FW}/publish`);
  assert.equal(page.status, 200);
  assert.match(page.text_, /role="alert">1 đơn vị chưa hoàn tất/);
  assert.match(page.text_, /<form method="post" action="\/cycles\/T-AGENCY-2025\/publish">/);
  res = await office.post(`/cycles/${FW}/publish`, { csrf });
  assert.match(await outcomeOf(office, res), /^ok: Đã công bố/);
  page = await office.get('/cycles');
  assert.match(page.text_, /<a href="\/cycles\/T-AGENCY-2025">Bộ tiêu chí thử nghiệm chu kỳ đánh giá 2025<\/a><\/th><td class="num">2025<\/td><td>đã công bố<\/td>/);
  assert.match(page.text_, /<a href="\/cycles"[^>]*>Kỳ đánh giá<\/a>/, 'in the navigation');
  // the republication confirmation, and nothing for a reporter
  page = await office.get(`/cycles/${FW}/publish`);
  assert.match(page.text_, /Một phiên bản mới sẽ được công bố/);
  const rep = srv.client();
  await rep.login('rep1', PASSWORD);
  for (const p of [`/cycles/${FW}/advance`, `/cycles/${FW}/publish`, '/cycles']) {
    assert.equal((await rep.get(p)).status, 403, p);
  }
});
