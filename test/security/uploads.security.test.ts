/**
 * Hostile uploads on a citizen's form step, with a real clamd: wrong types disguised by name,
 * polyglots (PDF/HTML, PNG/HTML, GIF/JS), oversize, a zip bomb, path traversal, NUL bytes and
 * very long names, EICAR. Each refused one is a 4xx with a message and leaves no attachment row
 * and no blob; an accepted one is stored under its SHA-256 with a cleaned display name only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from '../../src/platform/db/sql.ts';
import { eicar, startTestClamd, type TestClamd } from '../../src/platform/scan/test-clamd.ts';
import { createTestApp, TestClient, type TestApp } from '../../src/platform/testing/test-app.ts';
import { createForm, publishDraft } from '../../src/modules/forms/store/index.ts';
import { staffOf } from '../../src/modules/forms/store/test-support.ts';
import { formBase, formWithPhotos, png, postMultipart, startApplication, type Upload } from './support/world.ts';

let t: TestApp;
let clamd: TestClamd;
before(async () => {
  clamd = await startTestClamd();
  t = await createTestApp({ CLAMAV_ADDRESS: clamd.address });
  const staff = await staffOf(t.db, 'lemgo');
  await publishDraft(t.db, staff, (await createForm(t.db, staff, formWithPhotos())).formId);
});
after(async () => {
  await t?.close();
  await clamd?.close();
});

/** A ZIP with one entry of `size` zero bytes, deflated (a few KB that expand to `size`). */
function zipBomb(size: number): Buffer {
  const raw = Buffer.alloc(size);
  const data = zlib.deflateRawSync(raw, { level: 9 });
  const crc = zlib.crc32(raw);
  const name = Buffer.from('nullen.bin');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  const centralOffset = local.length + name.length + data.length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10); end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

const exe = () => Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0]), crypto.randomBytes(64)]);
const html = (tag = '') => Buffer.from(`<!doctype html><html><body><script>alert("xss${tag}")</script></body></html>`);

/** Refused uploads: name, bytes, the message the page must show. */
const refusals: [string, () => Upload, RegExp][] = [
  ['a program named .pdf', () => ({ name: 'rechnung.pdf', data: exe() }), /keine erlaubte Datei/],
  ['an HTML page named .png', () => ({ name: 'foto.png', data: html('1') }), /keine erlaubte Datei/],
  ['an SVG with onload named .png', () => ({ name: 'bild.png', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') }), /keine erlaubte Datei/],
  ['a PDF/HTML polyglot', () => ({ name: 'antrag.pdf', data: Buffer.concat([Buffer.from('%PDF-1.7\n'), html('2'), Buffer.from('\n%%EOF\n')]) }), /keine erlaubte Datei/],
  ['a PNG/HTML polyglot', () => ({ name: 'foto.png', data: Buffer.concat([png(32), html('3')]) }), /keine erlaubte Datei/],
  ['a GIF/JavaScript polyglot', () => ({ name: 'bild.png', data: Buffer.from('GIF89a/*\x00\x00\x00\x00*/=1;alert(document.domain)//;', 'latin1') }), /keine erlaubte Datei/],
  ['a PDF with a JavaScript action', () => ({ name: 'formular.pdf', data: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Action /S /JavaScript /JS (app.alert(1)) >> endobj\n%%EOF\n') }), /keine erlaubte Datei/],
  ['a JPEG over the field’s 1 MB', () => ({ name: 'gross.jpg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(1024 * 1024)]) }), /größer als 1 MB/],
  ['a zip bomb (20 KB expanding to 50 MB) named .pdf', () => ({ name: 'unterlagen.pdf', data: zipBomb(50 * 1024 * 1024) }), /keine erlaubte Datei/],
  ['EICAR named .pdf', () => ({ name: 'nachweis.pdf', data: eicar }), /Schadsoftware gefunden/],
  ['an empty file', () => ({ name: 'leer.pdf', data: Buffer.alloc(0) }), /ist leer/],
];

const attachmentCount = async () => Number((await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from attachments`)))[0]!.n);
const blobPath = (data: Buffer) => {
  const sha = crypto.createHash('sha256').update(data).digest('hex');
  return path.join(t.config.dataDir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
};

test(`${refusals.length} hostile files are refused with 422 and a message; nothing is stored`, async () => {
  const failures: string[] = [];
  for (const [what, make] of refusals) {
    const client = new TestClient(t.app);
    const csrf = await startApplication(client, 'lemgo');
    const upload = make();
    const before = await attachmentCount();
    const response = await postMultipart(client, `${formBase('lemgo')}/schritt/nachweise`, csrf, {}, [upload]);
    const [, , message] = refusals.find(([name]) => name === what)!;
    if (response.statusCode !== 422) failures.push(`${what}: ${response.statusCode}`);
    else if (!message.test(response.body)) failures.push(`${what}: no message ${message}`);
    if ((await attachmentCount()) !== before) failures.push(`${what}: an attachment row was written`);
    if (fs.existsSync(blobPath(upload.data))) failures.push(`${what}: a blob was written`);
  }
  process.stdout.write(`# uploads: ${refusals.length} hostile files tried\n`);
  assert.deepEqual(failures, []);
});

test('file names are cleaned and never used as paths: traversal, NUL bytes, very long names', async () => {
  const names = ['../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/shadow', 'foto\u0000.png.exe', 'a'.repeat(5000) + '.png', '<img src=x onerror=alert(1)>.png', '....//....//x.png'];
  for (const name of names) {
    const client = new TestClient(t.app);
    const csrf = await startApplication(client, 'lemgo');
    const data = png();
    const response = await postMultipart(client, `${formBase('lemgo')}/schritt/nachweise`, csrf, {}, [{ name, data }]);
    assert.ok([303, 422].includes(response.statusCode), `${JSON.stringify(name.slice(0, 40))}: ${response.statusCode}`);
    const sha = crypto.createHash('sha256').update(data).digest('hex');
    const [row] = await t.db.ownerTransaction((tx) => tx.query<{ file_name: string }>(sql`select file_name from attachments where sha256 = ${sha}`));
    if (response.statusCode === 303) {
      assert.ok(row, 'stored');
      assert.ok(!/[/\\]|^\.\.?$/.test(row.file_name) && !row.file_name.includes(String.fromCharCode(0)), `cleaned: ${JSON.stringify(row.file_name.slice(0, 60))}`);
      assert.ok(row.file_name.length <= 255, `name length ${row.file_name.length}`);
      assert.ok(fs.existsSync(blobPath(data)), 'stored under its SHA-256');
      const page = await client.get(`${formBase('lemgo')}/schritt/nachweise`);
      assert.doesNotMatch(page.body, /<img src=x/, 'the name is escaped where it is shown');
    } else {
      assert.equal(row, undefined);
    }
  }
  for (const target of ['/etc/passwd.tmp', path.join(t.config.dataDir, '..', '..', 'etc', 'passwd')]) {
    assert.ok(!fs.existsSync(target) || fs.statSync(target).mtimeMs < Date.now() - 600_000, `nothing written to ${target}`);
  }
});

test('a body over the upload limit is refused with 413 and a page, not a crash', async () => {
  const client = new TestClient(t.app);
  const csrf = await startApplication(client, 'lemgo');
  const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc((t.config.uploadMaxMb + 1) * 1024 * 1024, 0x20)]);
  const before = await attachmentCount();
  const response = await postMultipart(client, `${formBase('lemgo')}/schritt/nachweise`, csrf, {}, [{ name: 'riesig.pdf', data: big }]);
  assert.ok([413, 422].includes(response.statusCode), `status ${response.statusCode}`);
  assert.match(response.body, /groß|größer/);
  assert.equal(await attachmentCount(), before);
});
