/**
 * Project documents as records of the lead tenant (ADR 9, addendum): upload through the real app
 * with a real clamd (test signature for EICAR), filing into the lead tenant's E-Akte, download
 * through the hub by a member of another municipality, 404 for everyone else.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { eicar, startTestClamd, type TestClamd } from '../../platform/scan/test-clamd.ts';
import { signedInStaff } from '../../platform/testing/signed-in.ts';
import { auditActions, coordinator, createHubTestApp, idFromLocation, type HubTestApp } from './test-support.ts';

let t: HubTestApp;
let clamd: TestClamd;
before(async () => {
  clamd = await startTestClamd();
  t = await createHubTestApp({ env: { CLAMAV_ADDRESS: clamd.address } });
});
after(async () => {
  await t.close();
  await clamd.close();
});

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

async function detmoldProject() {
  const detmold = await coordinator(t, 'detmold');
  await detmold.client.get('/kooperation/projekte/neu');
  const created = await detmold.client.post('/kooperation/projekte/neu', {
    title: 'Digitale Sitzungsverwaltung', goal: 'Ratsinformationssystem gemeinsam betreiben.', phase: 'vorbereitung', status: 'im_plan',
    responsible: '', serviceKeys: '', documentLinks: '', participants: t.tenantId('lage'),
  });
  assert.equal(created.statusCode, 303, created.body.slice(0, 2000));
  return { detmold, id: idFromLocation(created.headers.location) };
}

test('the lead uploads a document: it is a record of the lead tenant, listed for members and downloadable by another municipality', async () => {
  const { detmold, id } = await detmoldProject();
  const page = await detmold.client.get(`/kooperation/projekte/${id}`);
  assert.match(page.body, new RegExp(`<form method="post" action="/kooperation/projekte/${id}/dokumente" enctype="multipart/form-data"`));
  const upload = await detmold.client.postMultipart(`/kooperation/projekte/${id}/dokumente`, { documentTitle: 'Konzept Sitzungsdienst' }, [{ field: 'file', name: 'Konzept Ä.pdf', data: pdf }]);
  assert.equal(upload.statusCode, 303, upload.body.slice(0, 2000));
  // A second upload goes into the same file.
  await detmold.client.get(`/kooperation/projekte/${id}`);
  assert.equal((await detmold.client.postMultipart(`/kooperation/projekte/${id}/dokumente`, { documentTitle: '' }, [{ field: 'file', name: 'notiz.txt', data: Buffer.from('Notiz zum Termin\n') }])).statusCode, 303);

  const detmoldId = t.tenantId('detmold');
  const records = await t.db.ownerTransaction((tx) =>
    tx.query<{ tenant_id: string; file_id: string; title: string; file_title: string; code: string; scan_result: string }>(sql`
      select d.tenant_id, d.file_id, d.title, f.title as file_title, p.code, v.scan_result
      from record_documents d join record_files f on f.tenant_id = d.tenant_id and f.id = d.file_id
      join file_plan_positions p on p.tenant_id = f.tenant_id and p.id = f.position_id
      join record_document_versions v on v.tenant_id = d.tenant_id and v.document_id = d.id
      order by d.created_at`),
  );
  assert.equal(records.length, 2);
  assert.ok(records.every((row) => row.tenant_id === detmoldId && row.file_id === records[0]!.file_id && row.code === '01.10' && row.scan_result === 'clean'));
  assert.deepEqual(records.map((row) => row.title), ['Konzept Sitzungsdienst', 'notiz.txt']);
  assert.equal(records[0]!.file_title, 'Interkommunales Projekt: Digitale Sitzungsverwaltung');
  const hubRows = await t.db.ownerTransaction((tx) => tx.query<{ id: string; record_file_id: string }>(sql`select id, record_file_id from hub_project_documents order by created_at`));
  assert.equal(hubRows.length, 2);
  assert.equal((await auditActions(t, detmoldId, 'hub.project_document_added')).length, 2);
  assert.equal((await auditActions(t, detmoldId, 'records.document_added')).length, 2);

  // Visible in Detmold's E-Akte to its records manager.
  const manager = await signedInStaff(t, 'detmold', ['records_manager']);
  const file = await manager.client.get(`/verwaltung/akten/${records[0]!.file_id}`);
  assert.equal(file.statusCode, 200);
  assert.match(file.body, /Konzept Sitzungsdienst/);

  // Lemgo's coordinator sees the list and downloads the bytes through the hub.
  const lemgo = await coordinator(t, 'lemgo');
  const projectPage = await lemgo.client.get(`/kooperation/projekte/${id}`);
  assert.match(projectPage.body, new RegExp(`href="/kooperation/projekte/${id}/dokumente/${hubRows[0]!.id}">Konzept Sitzungsdienst</a>`));
  assert.doesNotMatch(projectPage.body, /enctype="multipart\/form-data"/, 'only the lead uploads');
  const download = await lemgo.client.get(`/kooperation/projekte/${id}/dokumente/${hubRows[0]!.id}`);
  assert.equal(download.statusCode, 200);
  assert.equal(download.headers['content-type'], 'application/pdf');
  assert.match(String(download.headers['content-disposition']), /filename\*=UTF-8''Konzept%20%C3%84\.pdf/);
  assert.deepEqual(download.rawPayload, pdf);
  assert.equal((await auditActions(t, t.tenantId('lemgo'), 'hub.project_document_read')).length, 1);
  // Lemgo cannot read Detmold's record rows, and cannot upload to Detmold's project.
  const foreign = await t.db.transaction({ tenantId: t.tenantId('lemgo'), userId: lemgo.userId }, (tx) => tx.query(sql`select id from record_documents`));
  assert.deepEqual(foreign, []);
  const refused = await lemgo.client.postMultipart(`/kooperation/projekte/${id}/dokumente`, { documentTitle: 'Fremd' }, [{ field: 'file', name: 'x.pdf', data: pdf }]);
  assert.equal(refused.statusCode, 403);

  // Not a hub member (a caseworker, a citizen's colleague in the back office): 404, as for a made-up id.
  const caseworker = await signedInStaff(t, 'lemgo', ['caseworker']);
  assert.equal((await caseworker.client.get(`/kooperation/projekte/${id}/dokumente/${hubRows[0]!.id}`)).statusCode, 404);
  assert.equal((await lemgo.client.get(`/kooperation/projekte/${id}/dokumente/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
  assert.equal((await lemgo.client.get(`/kooperation/projekte/${id}/dokumente/kein-dokument`)).statusCode, 404);
});

test('an infected upload (EICAR) is refused, audited and stored nowhere', async () => {
  const { detmold, id } = await detmoldProject();
  await detmold.client.get(`/kooperation/projekte/${id}`);
  const before = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from record_documents`));
  const response = await detmold.client.postMultipart(`/kooperation/projekte/${id}/dokumente`, { documentTitle: 'Virus' }, [{ field: 'file', name: 'rechnung.pdf', data: eicar }]);
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /In der Datei „rechnung\.pdf“ wurde Schadsoftware gefunden/);
  assert.match(response.body, /href="#f-file"/);
  const after = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from record_documents`));
  assert.equal(after[0]!.n, before[0]!.n);
  assert.deepEqual(await t.db.ownerTransaction((tx) => tx.query(sql`select id from hub_project_documents where project_id = ${id}`)), []);
  const audit = await auditActions(t, t.tenantId('detmold'), 'hub.project_document_infected');
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.data.signature, 'Kreisportal.Test.EICAR.UNOFFICIAL');
});
