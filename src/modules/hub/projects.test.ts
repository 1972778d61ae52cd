import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { auditActions, coordinator, createHubTestApp, idFromLocation, type HubTestApp } from './test-support.ts';

let t: HubTestApp;
before(async () => {
  t = await createHubTestApp();
});
after(() => t.close());

const projectForm = (changes: Record<string, string> = {}) => ({
  title: 'Digitale Sitzungsverwaltung', goal: 'Ratsinformationssystem gemeinsam betreiben.', phase: 'vorbereitung', status: 'im_plan',
  responsible: 'Anna Beispiel (Detmold)\nBernd Muster (Lage)', serviceKeys: '99008001012000', documentLinks: 'https://example.org/konzept.pdf', ...changes,
});

async function detmoldProject() {
  const detmold = await coordinator(t, 'detmold');
  await detmold.client.get('/kooperation/projekte/neu');
  const created = await detmold.client.post('/kooperation/projekte/neu', projectForm({ participants: t.tenantId('lage') }));
  assert.equal(created.statusCode, 303, created.body.slice(0, 2000));
  return { detmold, id: idFromLocation(created.headers.location) };
}

test('a coordinator creates a project with participants, services and links; the write is audited in her tenant\'s chain', async () => {
  const { detmold, id } = await detmoldProject();
  const page = await detmold.client.get(`/kooperation/projekte/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-x-large">Digitale Sitzungsverwaltung<\/h1>/);
  assert.match(page.body, /Federführung<\/dt><dd class="kern-description-list-item__value">Detmold/);
  assert.match(page.body, /Beteiligte Kommunen<\/dt><dd class="kern-description-list-item__value">Lage/);
  assert.match(page.body, /Personalausweis Ausstellung<\/a> \(99008001012000\)/);
  assert.match(page.body, /href="https:\/\/example.org\/konzept.pdf"/);
  assert.match(page.body, /Anna Beispiel \(Detmold\), Bernd Muster \(Lage\)/);
  const audit = await auditActions(t, t.tenantId('detmold'), 'hub.project_created');
  assert.equal(audit.length, 1);
  assert.equal(audit[0]!.subject_id, id);
  assert.equal(audit[0]!.actor_id, detmold.userId);
});

test('the lead adds milestones and status updates; the timeline is dated and the lead\'s update sets the status', async () => {
  const { detmold, id } = await detmoldProject();
  await detmold.client.get(`/kooperation/projekte/${id}`);
  assert.equal((await detmold.client.post(`/kooperation/projekte/${id}/meilensteine`, { milestoneTitle: 'Ausschreibung', dueOn: '31.03.2027' })).statusCode, 303);
  const [milestone] = await t.db.ownerTransaction((tx) => tx.query<{ id: string; due_on: string }>(sql`select id, due_on::text from hub_milestones where project_id = ${id}`));
  assert.equal(milestone!.due_on, '2027-03-31');
  assert.equal((await detmold.client.post(`/kooperation/projekte/${id}/meilensteine/${milestone!.id}/erledigt`, {})).statusCode, 303);
  assert.equal((await detmold.client.post(`/kooperation/projekte/${id}/sachstand`, { reportedOn: '02.11.2026', updateStatus: 'gefaehrdet', updateBody: 'Haushaltsmittel fehlen noch.' })).statusCode, 303);
  assert.equal((await detmold.client.post(`/kooperation/projekte/${id}/sachstand`, { reportedOn: '20.11.2026', updateStatus: 'im_plan', updateBody: 'Mittel bewilligt.' })).statusCode, 303);
  const page = (await detmold.client.get(`/kooperation/projekte/${id}`)).body;
  assert.match(page, /Ausschreibung: erledigt am/);
  const timeline = /<ol class="kern-list timeline">([\s\S]*?)<\/ol>/.exec(page)![1]!;
  assert.ok(timeline.indexOf('20.11.2026') < timeline.indexOf('02.11.2026'), 'newest first');
  assert.match(timeline, /Haushaltsmittel fehlen noch\./);
  const [project] = await t.db.ownerTransaction((tx) => tx.query<{ status: string }>(sql`select status from hub_projects where id = ${id}`));
  assert.equal(project!.status, 'im_plan');

  const invalid = await detmold.client.post(`/kooperation/projekte/${id}/sachstand`, { reportedOn: '31.02.2026', updateStatus: 'egal', updateBody: '' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /href="#f-reportedOn">Bitte geben Sie ein Datum im Format TT.MM.JJJJ ein/);
  assert.match(invalid.body, /href="#f-updateStatus">/);
  assert.match(invalid.body, /href="#f-updateBody">Bitte füllen Sie dieses Feld aus/);
});

test('a coordinator of Lemgo sees Detmold\'s project but cannot change it: 403, and the database refuses as well', async () => {
  const { id } = await detmoldProject();
  const lemgo = await coordinator(t, 'lemgo');
  const view = await lemgo.client.get(`/kooperation/projekte/${id}`);
  assert.equal(view.statusCode, 200);
  assert.match(view.body, /Nur die federführende Kommune kann das Projekt ändern/);
  assert.doesNotMatch(view.body, /\/bearbeiten"/);
  assert.equal((await lemgo.client.get(`/kooperation/projekte/${id}/bearbeiten`)).statusCode, 403);
  assert.equal((await lemgo.client.post(`/kooperation/projekte/${id}/bearbeiten`, projectForm({ title: 'Übernommen' }))).statusCode, 403);
  assert.equal((await lemgo.client.post(`/kooperation/projekte/${id}/meilensteine`, { milestoneTitle: 'Fremd', dueOn: '01.01.2027' })).statusCode, 403);
  // Lemgo does not take part, so it cannot report status either.
  assert.equal((await lemgo.client.post(`/kooperation/projekte/${id}/sachstand`, { reportedOn: '01.11.2026', updateStatus: 'blockiert', updateBody: 'Fremd' })).statusCode, 403);

  const scope = { tenantId: lemgo.tenantId, userId: lemgo.userId };
  const updated = await t.db.transaction(scope, (tx) => tx.query(sql`update hub_projects set title = 'Übernommen' where id = ${id} returning id`));
  assert.equal(updated.length, 0, 'RLS hides the row from an update by another tenant');
  await assert.rejects(
    t.db.transaction(scope, (tx) => tx.query(sql`insert into hub_milestones (project_id, tenant_id, title, due_on) values (${id}, ${t.tenantId('detmold')}, 'Fremd', '2027-01-01')`)),
    /row-level security/,
  );
  const [row] = await t.db.ownerTransaction((tx) => tx.query<{ title: string; status: string }>(sql`select title, status from hub_projects where id = ${id}`));
  assert.deepEqual(row, { title: 'Digitale Sitzungsverwaltung', status: 'im_plan' });
  assert.equal((await t.db.ownerTransaction((tx) => tx.query(sql`select 1 from hub_milestones where project_id = ${id}`))).length, 0);
});

test('a participating municipality reports status as its own row; only the lead edits the project', async () => {
  const { detmold, id } = await detmoldProject();
  const lage = await coordinator(t, 'lage');
  await lage.client.get(`/kooperation/projekte/${id}`);
  assert.equal((await lage.client.post(`/kooperation/projekte/${id}/sachstand`, { reportedOn: '15.11.2026', updateStatus: 'blockiert', updateBody: 'Lage wartet auf den Rat.' })).statusCode, 303);
  const [update] = await t.db.ownerTransaction((tx) => tx.query<{ tenant_id: string }>(sql`select tenant_id from hub_status_updates where project_id = ${id}`));
  assert.equal(update!.tenant_id, t.tenantId('lage'));
  const [project] = await t.db.ownerTransaction((tx) => tx.query<{ status: string }>(sql`select status from hub_projects where id = ${id}`));
  assert.equal(project!.status, 'im_plan', 'a participant reports, the lead decides the project status');
  assert.match((await detmold.client.get(`/kooperation/projekte/${id}`)).body, /Lage \(Sachbearbeitung \d+\)[\s\S]*Lage wartet auf den Rat\./);

  await detmold.client.get(`/kooperation/projekte/${id}/bearbeiten`);
  const edited = await detmold.client.post(`/kooperation/projekte/${id}/bearbeiten`, projectForm({ phase: 'umsetzung', status: 'gefaehrdet' }));
  assert.equal(edited.statusCode, 303);
  assert.equal((await auditActions(t, t.tenantId('detmold'), 'hub.project_updated')).length, 1);
  assert.equal((await verifyAudit(t.db)).problems.length, 0);
});

test('invalid project input is a 422 naming each field; unsafe links and unknown services are refused', async () => {
  const detmold = await coordinator(t, 'detmold');
  await detmold.client.get('/kooperation/projekte/neu');
  const response = await detmold.client.post('/kooperation/projekte/neu', projectForm({ title: '', phase: 'irgendwann', serviceKeys: '99999999999999', documentLinks: 'javascript:alert(1)' }));
  assert.equal(response.statusCode, 422);
  assert.match(response.body, /<title>Fehler: /);
  assert.match(response.body, /href="#f-title">Bitte füllen Sie dieses Feld aus/);
  assert.match(response.body, /href="#f-phase">Bitte wählen Sie einen Eintrag aus der Liste/);
  assert.match(response.body, /href="#f-documentLinks">Bitte geben Sie je Zeile eine Internetadresse ein/);
  const unknownService = await detmold.client.post('/kooperation/projekte/neu', projectForm({ serviceKeys: '99999999999999' }));
  assert.equal(unknownService.statusCode, 422);
  assert.match(unknownService.body, /href="#f-serviceKeys">Mindestens ein Leistungsschlüssel steht nicht im Leistungskatalog/);
  const foreignTenant = await detmold.client.post('/kooperation/projekte/neu', projectForm({ participants: '00000000-0000-4000-8000-000000000000' }));
  assert.equal(foreignTenant.statusCode, 422);
  assert.match(foreignTenant.body, /href="#f-participants">Bitte wählen Sie nur Kommunen aus der Liste/);
  assert.equal((await t.db.ownerTransaction((tx) => tx.query(sql`select 1 from hub_projects where created_by = ${detmold.userId}`))).length, 0);
  assert.equal((await detmold.client.get('/kooperation/projekte/kaputt')).statusCode, 404);
  assert.equal((await detmold.client.get('/kooperation/projekte/00000000-0000-4000-8000-000000000000')).statusCode, 404);
});
