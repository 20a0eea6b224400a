// PAPI beside the PAR index (docs/papi.md): on the demo, the dashboard
// lists the PAPI frameworks among the PAR index ones, still opens on the
// departments' PAR index, and ranks Hanoi on PAPI-HN-2025 from the
// imported (illustrative) papi.* values: 44.6 of 80 points, index 55.75.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('the dashboard offers PAPI beside the PAR index and scores it from papi.*', async () => {
  const c = srv.client();
  await c.login('office');
  const home = await c.get('/');
  assert.equal(home.status, 200);
  for (const code of ['PAPI-HN-2023', 'PAPI-HN-2024', 'PAPI-HN-2025', 'HN-DEPT-2025'])
    assert.match(home.text_, new RegExp(`<option value="${code}"`), code);
  assert.match(home.text_, /<option value="HN-DEPT-2025" selected/, 'the PAR index stays the default');
  const papi = await c.get('/?framework=PAPI-HN-2025');
  assert.equal(papi.status, 200);
  assert.match(papi.text_, /Chỉ số Hiệu quả quản trị và hành chính công cấp tỉnh \(PAPI\) năm 2025/);
  assert.match(papi.text_, /Thành phố Hà Nội/);
  assert.match(papi.text_, /55[,.]75/, 'index = 44.6 / 80 x 100');
  const r = await c.get('/api/v1/results/PAPI-HN-2025');
  assert.equal(r.status, 200);
  assert.match(r.text_, /"HN"/);
});
