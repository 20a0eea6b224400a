// Evidence uploads are recognised by their content, not their name
// (io/sniff.c behind app_evidence_add), over the real API and the page's
// form: ZIP archives built here byte for byte, each uploaded as ".docx".
// A plain ZIP, a package with only [Content_Types].xml, Office parts
// without [Content_Types].xml and OpenDocument files with an unknown or
// extended mimetype are refused with 422 and the bilingual message, and
// nothing is written (no evidence row, no audit entry). A real Word
// package, a real OpenDocument text and a PDF named .docx are accepted and
// served back with the type found in their bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer, auditCount } from './harness.mjs';
import { outcomeOf } from './flash.mjs';

const FIX = path.join(process.env.FIXTURES, 'cycle');
const FW = 'T-AGENCY-2025';
const PASSWORD = 'mat-khau-thu-nghiem';
const A1 = `/api/v1/assessments/${FW}/A1`;

function today() {
  return new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

// A ZIP archive of [name, content] entries, stored (method 0), as every
// ZIP writer lays it out: local headers, central directory, end record.
function zip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const n = Buffer.from(name), data = Buffer.from(content);
    const crc = zlib.crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18);
    lh.writeUInt32LE(data.length, 22);
    lh.writeUInt16LE(n.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20);
    ch.writeUInt32LE(data.length, 24);
    ch.writeUInt16LE(n.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, n, data);
    centrals.push(ch, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ODT = 'application/vnd.oasis.opendocument.text';

function upload(name, bytes, criterion = '1.1') {
  const f = new FormData();
  f.append('criterion', criterion);
  f.append('file', new Blob([bytes]), name);
  return f;
}

async function post(srv, token, p, form) {
  const res = await fetch(srv.base + p, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

async function evidence(srv, token) {
  const res = await fetch(srv.base + A1, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200);
  const j = await res.json();
  return j.criteria.find((c) => c.criterion === '1.1').evidence;
}

test('evidence is recognised by content: ZIPs that are no document are refused', async (t) => {
  const srv = await startServer();
  t.after(() => srv.stop());
  const cli = srv.cli;
  cli(['unit', 'import', path.join(FIX, 'units.csv')]);
  cli(['framework', 'import', path.join(FIX, 't-agency.json')]);
  cli(['user', 'add', 'rep1', '--role', 'reporter', '--unit', 'A1'], PASSWORD + '\n');
  const tok = cli(['token', 'create', 'rep1']).match(/[A-Za-z0-9_-]{32,}/)[0];
  cli(['cycle', 'open', '--framework', FW, '--self-until', today()]);

  const refused = [
    ['a plain ZIP', zip([['readme.txt', 'hello'], ['run.sh', '#!/bin/sh\n']])],
    ['a ZIP holding only [Content_Types].xml', zip([['[Content_Types].xml', CT]])],
    ['[Content_Types].xml and an unknown part', zip([['[Content_Types].xml', CT], ['evil/x.html', '<script>1</script>']])],
    ['word/ without [Content_Types].xml', zip([['word/document.xml', '<w:document/>']])],
    ['OpenDocument with an unknown mimetype', zip([['mimetype', 'application/vnd.oasis.opendocument.graphics'], ['content.xml', '<x/>']])],
    ['OpenDocument with an extended mimetype', zip([['mimetype', ODT + 'x'], ['content.xml', '<x/>']])],
    ['OpenDocument with text/html as mimetype', zip([['mimetype', 'text/html'], ['content.xml', '<x/>']])],
  ];
  const before = auditCount(srv);
  for (const [what, bytes] of refused) {
    const r = await post(srv, tok, A1 + '/evidence', upload('bao-cao.docx', bytes));
    assert.equal(r.status, 422, `${what}: ${r.status} ${r.text}`);
    assert.match(r.json.error, /only PDF, Word, Excel, OpenDocument, JPEG and PNG are accepted/, what);
  }
  assert.deepEqual(await evidence(srv, tok), [], 'nothing stored');
  assert.equal(auditCount(srv), before, 'nothing audited');

  // the page's form refuses the same way
  const web = srv.client();
  await web.login('rep1', PASSWORD);
  const csrf = await web.csrf();
  const form = upload('bao-cao.docx', refused[0][1]);
  form.append('csrf', csrf);
  const page = await web.request('POST', `/assessments/${FW}/A1/evidence`, { body: form });
  assert.equal(page.status, 303);
  const loc = await outcomeOf(web, page);
  assert.match(loc, /^error: /);
  assert.match(loc, /chỉ nhận PDF, Word, Excel, OpenDocument/, 'in the user\'s language (vi)');
  assert.deepEqual(await evidence(srv, tok), [], 'nothing stored by the page');

  // real documents are accepted and served with the type of their bytes
  const accepted = [
    ['a Word package', zip([['[Content_Types].xml', CT], ['_rels/.rels', '<Relationships/>'], ['word/document.xml', '<w:document/>']]), DOCX],
    ['an OpenDocument text', zip([['mimetype', ODT], ['content.xml', '<office:document-content/>']]), ODT],
    ['a PDF named .docx', Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n', 'latin1'), 'application/pdf'],
  ];
  for (const [what, bytes, type] of accepted) {
    const r = await post(srv, tok, A1 + '/evidence', upload('bao-cao.docx', bytes));
    assert.equal(r.status, 201, `${what}: ${r.text}`);
    const dl = await fetch(`${srv.base}/evidence/${r.json.id}`, { headers: { Authorization: `Bearer ${tok}` } });
    assert.equal(dl.status, 200, what);
    assert.equal(dl.headers.get('content-type'), type, what);
    assert.match(dl.headers.get('content-disposition'), /^attachment/, what);
    assert.equal(Buffer.from(await dl.arrayBuffer()).compare(bytes), 0, what);
  }
  assert.equal((await evidence(srv, tok)).length, accepted.length);
  assert.equal(auditCount(srv), before + accepted.length + 1, 'one upload entry each (and the sign-in)');
});
