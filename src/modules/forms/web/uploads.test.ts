/**
 * File uploads on the step pages, through the real app: multipart parsing, CSRF, size, count and
 * type checks, a real clamd (test signature for EICAR), the blob store, removing, the check page
 * and the submission — and what happens when the store or the scanner is down.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { FsBlobStore } from '../../../platform/blobs/fs-blob-store.ts';
import { blobDir } from '../../../platform/backup/blobs.ts';
import { startTestS3, type TestS3 } from '../../../platform/blobs/test-support.ts';
import { sql } from '../../../platform/db/sql.ts';
import { eicar, startTestClamd, type TestClamd } from '../../../platform/scan/test-clamd.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { listAttachments } from '../../submissions/index.ts';
import type { FormDefinition } from '../definition/types.ts';
import { createForm, publishDraft } from '../store/index.ts';
import { fixture, staffOf } from '../store/test-support.ts';
import { todayInGermany } from './published.ts';
import { formatDate } from '../runtime/dates.ts';

const slug = 'sperrmuell-mit-fotos';
const base = `/detmold/antrag/${slug}`;

/** The bulky-waste form with a step for photos: PDF, PNG or JPEG, at most 1 MB, two files. */
function formWithPhotos(): FormDefinition {
  const def = fixture('sperrmuell');
  const photos = {
    id: 'nachweise',
    title: { de: 'Fotos der Gegenstände', en: 'Photos of the items' },
    fields: [
      {
        id: 'fotos',
        type: 'file',
        label: { de: 'Fotos oder Liste', en: 'Photos or list' },
        required: true,
        accept: ['application/pdf', 'image/png', 'image/jpeg'],
        maxSizeMb: 1,
        maxFiles: 2,
      },
    ],
  };
  return { ...def, id: slug, steps: [def.steps[0]!, photos as unknown as FormDefinition['steps'][number], ...def.steps.slice(1)] };
}

const png = (extra = 64) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(extra)]);
const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(64)]);
const exe = () => Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0]), crypto.randomBytes(64)]);

type Upload = { name: string; data: Buffer; field?: string };

/** A browser posting the multipart step form: the CSRF token first, as our forms send it. */
async function postMultipart(client: TestClient, url: string, csrf: string | null, uploads: Upload[], fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const form = new FormData();
  if (csrf !== null) form.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const upload of uploads) form.append(upload.field ?? 'fotos', new Blob([upload.data], { type: 'application/pdf' }), upload.name);
  const request = new Request('http://portal.test/', { method: 'POST', body: form });
  const cookie = ['kp_anon', 'kp_antrag', 'kp_session', 'kp_lang']
    .flatMap((name) => (client.cookie(name) ? [`${name}=${client.cookie(name)}`] : []))
    .join('; ');
  return client.app.inject({
    method: 'POST',
    url,
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '', cookie },
  });
}

const csrfOf = (page: LightMyRequestResponse) => /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';

async function publish(t: TestApp): Promise<string> {
  const staff = await staffOf(t.db, 'detmold');
  const created = await createForm(t.db, staff, formWithPhotos());
  await publishDraft(t.db, staff, created.formId);
  return staff.tenantId;
}

/** A new browser that has answered the first step and stands on the photo step; returns its CSRF token. */
async function atPhotoStep(t: TestApp): Promise<{ client: TestClient; csrf: string; page: LightMyRequestResponse }> {
  const client = new TestClient(t.app);
  await client.get(base);
  await client.post(base, {});
  const contact = await client.post(`${base}/schritt/kontakt`, { vorname: 'Erika', nachname: 'Mustermann', email: 'erika@example.test' });
  assert.equal(contact.headers.location, `${base}/schritt/nachweise`);
  const page = await client.get(`${base}/schritt/nachweise`);
  assert.equal(page.statusCode, 200);
  return { client, csrf: csrfOf(page), page };
}

type AttachmentRow = { id: string; tenant_id: string; draft_id: string; field_id: string; file_name: string; media_type: string; size: number; sha256: string; scan_result: string };
const attachmentRows = (t: TestApp) => t.db.ownerTransaction((tx) => tx.query<AttachmentRow>(sql`select * from attachments order by created_at`));

describe('uploads with a virus scanner and the filesystem store', () => {
  let t: TestApp;
  let clamd: TestClamd;
  let tenantId: string;
  before(async () => {
    clamd = await startTestClamd();
    t = await createTestApp({ CLAMAV_ADDRESS: clamd.address });
    tenantId = await publish(t);
  });
  after(async () => {
    await t.close();
    await clamd.close();
  });

  test('only a step with a file field is a multipart form; remove buttons have forms of their own', async () => {
    const client = new TestClient(t.app);
    await client.get(base);
    await client.post(base, {});
    const contact = await client.get(`${base}/schritt/kontakt`);
    assert.doesNotMatch(contact.body, /multipart\/form-data/);
    const { page } = await atPhotoStep(t);
    assert.match(page.body, /<form method="post" action="[^"]+\/schritt\/nachweise" enctype="multipart\/form-data" novalidate>\s*<input type="hidden" name="_csrf"/);
    assert.match(page.body, /<input class="kern-form-input__input" type="file" id="f-fotos" name="fotos" accept="application\/pdf,image\/png,image\/jpeg" multiple/);
    assert.match(page.body, /PDF, PNG, JPEG, höchstens 1 MB je Datei/);
  });

  test('a multipart POST without a valid CSRF token is refused and stores nothing', async () => {
    const { client } = await atPhotoStep(t);
    const before = (await attachmentRows(t)).length;
    assert.equal((await postMultipart(client, `${base}/schritt/nachweise`, null, [{ name: 'a.png', data: png() }])).statusCode, 403);
    assert.equal((await postMultipart(client, `${base}/schritt/nachweise`, 'forged-token', [{ name: 'a.png', data: png() }])).statusCode, 403);
    assert.equal((await attachmentRows(t)).length, before);
  });

  test('an accepted file is judged by its content, stored, listed, and the journey goes on', async () => {
    const { client, csrf } = await atPhotoStep(t);
    const data = png();
    const response = await postMultipart(client, `${base}/schritt/nachweise`, csrf, [{ name: 'C:\\Users\\erika\\foto.pdf', data }]);
    assert.equal(response.statusCode, 303, response.body.slice(0, 500));
    assert.equal(response.headers.location, `${base}/schritt/abholort`);
    const row = (await attachmentRows(t)).find((candidate) => candidate.sha256 === crypto.createHash('sha256').update(data).digest('hex'));
    assert.ok(row);
    assert.equal(row.tenant_id, tenantId);
    assert.equal(row.file_name, 'foto.pdf', 'path removed, name kept for display');
    assert.equal(row.media_type, 'image/png', 'a .pdf name with PNG content is a PNG');
    assert.equal(row.scan_result, 'clean');
    assert.equal(Number(row.size), data.length);
    assert.deepEqual(await new FsBlobStore(blobDir(t.config.dataDir)).get(row.sha256), data);
    const audit = await t.db.ownerTransaction((tx) => tx.query<{ data: Record<string, unknown> }>(sql`select data from audit_log where action = 'attachment.added' and subject_id = ${row.id}`));
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit[0]?.data).includes('foto.pdf'), 'no file name in the audit log');

    const again = await client.get(`${base}/schritt/nachweise`);
    assert.match(again.body, /foto\.pdf/);
    assert.match(again.body, new RegExp(`<form method="post" action="${base}/schritt/nachweise/anhang/${row.id}/entfernen" novalidate id="entfernen-${row.id}">`));
    assert.match(again.body, new RegExp(`form="entfernen-${row.id}"`));
  });

  const refusals: [string, () => Upload[], RegExp][] = [
    ['a program renamed .pdf', () => [{ name: 'rechnung.pdf', data: exe() }], /„rechnung\.pdf“ ist keine erlaubte Datei\. Erlaubt sind: PDF, PNG, JPEG/],
    ['a file over the field’s 1 MB', () => [{ name: 'gross.png', data: png(1024 * 1024) }], /„gross\.png“ ist größer als 1 MB/],
    ['three files where two are allowed', () => [{ name: '1.png', data: png() }, { name: '2.png', data: png() }, { name: '3.png', data: png() }], /höchstens 2 Dateien/],
    ['an infected file (EICAR)', () => [{ name: 'nachweis.pdf', data: eicar }], /In der Datei „nachweis\.pdf“ wurde Schadsoftware gefunden\. Die Datei wurde nicht gespeichert/],
    ['an empty file', () => [{ name: 'leer.pdf', data: Buffer.alloc(0) }], /„leer\.pdf“ ist leer/],
  ];
  for (const [what, uploads, message] of refusals) {
    test(`refused with 422 and a message, nothing stored: ${what}`, async () => {
      const { client, csrf } = await atPhotoStep(t);
      const before = await attachmentRows(t);
      const files = uploads();
      const response = await postMultipart(client, `${base}/schritt/nachweise`, csrf, files);
      assert.equal(response.statusCode, 422);
      assert.match(response.body, message);
      assert.match(response.body, /Es gibt ein Problem/);
      assert.equal((await attachmentRows(t)).length, before.length);
      const store = new FsBlobStore(blobDir(t.config.dataDir));
      for (const file of files) assert.equal(await store.has(crypto.createHash('sha256').update(file.data).digest('hex')), false);
    });
  }

  test('the English page says it in English', async () => {
    const { client, csrf } = await atPhotoStep(t);
    await client.get('/sprache/en');
    assert.equal(client.cookie('kp_lang'), 'en');
    const response = await postMultipart(client, `${base}/schritt/nachweise`, csrf, [{ name: 'nachweis.pdf', data: eicar }]);
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /Malware was found in the file “nachweis\.pdf”\. The file was not saved/);
  });

  test('a file is kept when another answer on the page is missing; a second one can follow; maxFiles counts both', async () => {
    const { client, csrf } = await atPhotoStep(t);
    const first = await postMultipart(client, `${base}/schritt/nachweise`, csrf, [{ name: 'eins.pdf', data: pdf() }]);
    assert.equal(first.statusCode, 303);
    const second = await postMultipart(client, `${base}/schritt/nachweise`, csrf, [{ name: 'zwei.png', data: png() }]);
    assert.equal(second.statusCode, 303);
    const page = await client.get(`${base}/schritt/nachweise`);
    assert.match(page.body, /eins\.pdf[\s\S]*zwei\.png/);
    assert.match(page.body, /höchste Zahl an Dateien/);
    const third = await postMultipart(client, `${base}/schritt/nachweise`, csrf, [{ name: 'drei.png', data: png() }]);
    assert.equal(third.statusCode, 422);
    assert.match(third.body, /höchstens 2 Dateien/);
  });

  test('remove, check page, submission: the file goes with the application; strangers get 404', async () => {
    const { client, csrf } = await atPhotoStep(t);
    await postMultipart(client, `${base}/schritt/nachweise`, csrf, [
      { name: 'sofa.jpg', data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), crypto.randomBytes(100)]) },
      { name: 'schrank.pdf', data: pdf() },
    ]);
    const draftRows = async () => (await attachmentRows(t)).filter((row) => ['sofa.jpg', 'schrank.pdf'].includes(row.file_name));
    const [sofa, schrank] = await draftRows();
    assert.ok(sofa && schrank);

    // Another browser: no draft of its own → 404; with a draft of its own → still 404.
    const stranger = new TestClient(t.app);
    await stranger.get(base);
    const removeUrl = `${base}/schritt/nachweise/anhang/${sofa.id}/entfernen`;
    assert.equal((await stranger.post(removeUrl, {})).statusCode, 404);
    const own = await atPhotoStep(t);
    assert.equal((await own.client.post(removeUrl, {})).statusCode, 404);
    assert.doesNotMatch((await own.client.get(`${base}/schritt/nachweise`)).body, /sofa\.jpg/);
    // Another tenant sees no row at all (RLS), even when it names the draft.
    const lemgo = await staffOf(t.db, 'lemgo');
    assert.deepEqual(await t.db.transaction({ tenantId: lemgo.tenantId, userId: null }, (tx) => listAttachments(tx, tenantId, sofa.draft_id)), []);
    assert.equal((await client.post(`/lemgo/antrag/${slug}/schritt/nachweise/anhang/${sofa.id}/entfernen`, {})).statusCode, 404);

    await client.get(`${base}/schritt/nachweise`);
    const removed = await client.post(removeUrl, {});
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, `${base}/schritt/nachweise`);
    assert.equal((await client.post(removeUrl, {})).statusCode, 404, 'removing twice');
    assert.deepEqual((await draftRows()).map((row) => row.file_name), ['schrank.pdf']);
    assert.doesNotMatch((await client.get(`${base}/schritt/nachweise`)).body, /sofa\.jpg/);

    assert.equal((await postMultipart(client, `${base}/schritt/nachweise`, csrf, [])).headers.location, `${base}/schritt/abholort`);
    const day = new Date(`${todayInGermany()}T12:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 10);
    const steps: [string, Record<string, string>][] = [
      ['abholort', { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32756', 'abholanschrift.place': 'Detmold' }],
      ['sperrmuellArt', { gegenstaende: 'moebel', menge: '2' }],
      ['termin', { wunschtermin: formatDate(day.toISOString().slice(0, 10)) }],
    ];
    for (const [step, fields] of steps) assert.equal((await client.post(`${base}/schritt/${step}`, fields)).statusCode, 303, step);
    const check = await client.get(`${base}/pruefen`);
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /Fotos oder Liste[\s\S]*schrank\.pdf/);
    assert.doesNotMatch(check.body, /sofa\.jpg/);

    const sent = await client.post(`${base}/absenden`, { erklaerung: 'ja' });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
    assert.match(String(sent.headers.location), /\/eingang\/ANT-/);
    const [submission] = await t.db.ownerTransaction((tx) =>
      tx.query<{ draft_id: string; answers: { fotos?: { id: string; name: string; mediaType: string }[] } }>(sql`select draft_id, answers from submissions where draft_id = ${schrank.draft_id}`),
    );
    assert.ok(submission);
    assert.deepEqual(submission.answers.fotos?.map((ref) => [ref.id, ref.name, ref.mediaType]), [[schrank.id, 'schrank.pdf', 'application/pdf']]);
    assert.deepEqual((await draftRows()).map((row) => row.draft_id), [submission.draft_id], 'the attachment stays with the submitted draft');
    // A sent application is closed: no more removing.
    assert.equal((await client.post(`${base}/schritt/nachweise/anhang/${schrank.id}/entfernen`, {})).statusCode, 404);
  });
});

describe('uploads when the blob store or the scanner is down', () => {
  let s3: TestS3;
  let t: TestApp;
  before(async () => {
    s3 = await startTestS3();
    t = await createTestApp(s3.env);
    await publish(t);
  });
  after(async () => {
    await t.close();
    await s3.close().catch(() => {});
  });

  test('without a scanner files go to S3 marked not scanned; with the store down: 503, a clear page, no row', async () => {
    const { client, csrf } = await atPhotoStep(t);
    const stored = await postMultipart(client, `${base}/schritt/nachweise`, csrf, [{ name: 'ok.png', data: png() }]);
    assert.equal(stored.statusCode, 303);
    const [row] = await attachmentRows(t);
    assert.equal(row?.scan_result, 'not_scanned');

    await s3.close();
    const second = await atPhotoStep(t);
    const failed = await postMultipart(second.client, `${base}/schritt/nachweise`, second.csrf, [{ name: 'weg.png', data: png() }]);
    assert.equal(failed.statusCode, 503);
    assert.match(failed.body, /Ihre Datei konnte nicht gespeichert werden/);
    assert.match(failed.body, /Der Dateispeicher ist gerade nicht erreichbar\. Ihre Datei wurde nicht gespeichert/);
    assert.doesNotMatch(failed.body, /at \w+ \(|BlobStoreError|127\.0\.0\.1/, 'no stack trace or internals');
    assert.equal((await attachmentRows(t)).length, 1, 'no row for the file that could not be stored');
  });

  test('a configured scanner that does not answer: 503, nothing stored (fail closed)', async () => {
    const down = await createTestApp({ CLAMAV_ADDRESS: 'tcp://127.0.0.1:1' });
    try {
      await publish(down);
      const { client, csrf } = await atPhotoStep(down);
      const response = await postMultipart(client, `${base}/schritt/nachweise`, csrf, [{ name: 'ok.png', data: png() }]);
      assert.equal(response.statusCode, 503);
      assert.match(response.body, /Die Virenprüfung ist gerade nicht erreichbar/);
      assert.deepEqual(await attachmentRows(down), []);
    } finally {
      await down.close();
    }
  });
});
