/**
 * The security suite's world: the real app on a fresh test database with real data of tenant A
 * (Lemgo) made through the routes themselves — a published form with a file step, an office and
 * offer, a signed-in citizen's application with a file that became a case with an issued decision,
 * a second unsent draft with a file, an E-Akte file with a document, hub entries, a responsibility
 * rule of the Kreis — and the people who must not see them: staff of tenant B (Detmold) with every
 * role, a caseworker of another Lemgo office, another citizen, another browser, a coordinator of
 * another district.
 */
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from '../../../src/platform/db/sql.ts';
import { createTestApp, TestClient, type TestApp } from '../../../src/platform/testing/test-app.ts';
import { signedInCitizen, signedInStaff } from '../../../src/platform/testing/signed-in.ts';
import { createForm, publishDraft } from '../../../src/modules/forms/store/index.ts';
import { fixture, staffOf } from '../../../src/modules/forms/store/test-support.ts';
import type { FormDefinition } from '../../../src/modules/forms/definition/types.ts';
import { positionId } from '../../../src/modules/records/test-support.ts';

export const formSlug = 'sperrmuell-mit-fotos';
export const serviceKey = '99001009004002';
export const formBase = (tenant: string) => `/${tenant}/antrag/${formSlug}`;

/** A PNG by its magic number, with random bytes (each upload a new blob). */
export const png = (extra = 64): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(extra)]);

export const csrfOf = (page: LightMyRequestResponse): string => /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';

/** The bulky-waste form with a step for photos (PDF, PNG, JPEG; 1 MB; two files). */
export function formWithPhotos(): FormDefinition {
  const def = fixture('sperrmuell');
  const photos = {
    id: 'nachweise',
    title: { de: 'Fotos der Gegenstände', en: 'Photos of the items' },
    fields: [{ id: 'fotos', type: 'file', label: { de: 'Fotos oder Liste', en: 'Photos or list' }, required: true, accept: ['application/pdf', 'image/png', 'image/jpeg'], maxSizeMb: 1, maxFiles: 2 }],
  };
  return { ...def, id: formSlug, steps: [def.steps[0]!, photos as unknown as FormDefinition['steps'][number], ...def.steps.slice(1)] };
}

export type Upload = { name: string; data: Buffer; field?: string; type?: string };

/** A browser posting a multipart form: the CSRF token first (as the app's forms do), then fields, then files. */
export async function postMultipart(client: TestClient, url: string, csrf: string | null, fields: Record<string, string>, uploads: Upload[], fileField = 'fotos'): Promise<LightMyRequestResponse> {
  const form = new FormData();
  if (csrf !== null) form.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const upload of uploads) form.append(upload.field ?? fileField, new Blob([new Uint8Array(upload.data)], { type: upload.type ?? 'application/octet-stream' }), upload.name);
  const request = new Request('http://portal.test/', { method: 'POST', body: form });
  const cookie = ['kp_anon', 'kp_antrag', 'kp_session', 'kp_lang'].flatMap((name) => (client.cookie(name) ? [`${name}=${client.cookie(name)}`] : [])).join('; ');
  return client.app.inject({ method: 'POST', url, payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type') ?? '', cookie } });
}

/** A date ten days ahead as the form wants it (dd.mm.yyyy). */
const inTenDays = () => new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('.');

/** Starts the application in `client`'s browser and answers the contact step; returns the photo step's CSRF token. */
export async function startApplication(client: TestClient, tenant: string, contact: Record<string, string> = { vorname: 'Erika', nachname: 'Mustermann', email: 'erika@example.test' }): Promise<string> {
  const base = formBase(tenant);
  await client.get(base);
  assert.equal((await client.post(base, {})).statusCode, 303, 'the application starts');
  const step = await client.post(`${base}/schritt/kontakt`, contact);
  assert.equal(step.statusCode, 303, step.body.slice(0, 500));
  const page = await client.get(`${base}/schritt/nachweise`);
  assert.equal(page.statusCode, 200);
  return csrfOf(page);
}

/** Answers the remaining steps after the photos and sends the application; returns the reference. */
export async function finishApplication(client: TestClient, tenant: string, description = 'Ein altes Klavier'): Promise<string> {
  const base = formBase(tenant);
  const steps: [string, Record<string, string>][] = [
    ['abholort', { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32657', 'abholanschrift.place': 'Lemgo' }],
    ['sperrmuellArt', { gegenstaende: 'sonstiges', sonstigesBeschreibung: description, menge: '2' }],
    ['termin', { wunschtermin: inTenDays() }],
  ];
  for (const [step, fields] of steps) {
    const response = await client.post(`${base}/schritt/${step}`, fields);
    assert.equal(response.statusCode, 303, `${step}: ${response.body.slice(0, 600)}`);
  }
  await client.get(`${base}/pruefen`);
  const sent = await client.post(`${base}/absenden`, { erklaerung: 'ja' });
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
  const reference = /ANT-\d{4}-[A-Z0-9]{6}/.exec(String(sent.headers.location))?.[0];
  assert.ok(reference, `no reference in ${String(sent.headers.location)}`);
  return reference;
}

export type Actor = { client: TestClient; userId: string | null; label: string };

export type World = {
  t: TestApp;
  tenantIds: Map<string, string>;
  actors: {
    /** Lemgo staff with every role: admin, caseworker, records manager, coordinator (owner of A's data). */
    lemgoStaff: Actor;
    /** Detmold staff with every role (tenant B). */
    detmoldStaff: Actor;
    /** A Lemgo caseworker who is a member of another Lemgo office only. */
    otherOffice: Actor;
    /** The citizen who applied (signed in), whose browser holds the drafts. */
    applicant: Actor;
    /** Another signed-in citizen. */
    otherCitizen: Actor;
    /** A browser without a session that never applied. */
    stranger: Actor;
    /** A coordinator of another district (a second Kreis in the same database). */
    otherDistrict: Actor;
    /** Kreis Lippe staff (admin, coordinator): the district editor of responsibility rules. */
    kreisStaff: Actor;
  };
  ids: Record<string, string>;
};

async function one<T>(t: TestApp, query: ReturnType<typeof sql>): Promise<T> {
  const rows = await t.db.ownerTransaction((tx) => tx.query<T & Record<string, unknown>>(query));
  assert.ok(rows[0], 'world setup: row expected');
  return rows[0];
}

const textarea = (body: string, name: string) => {
  const raw = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(body)?.[1] ?? '';
  return raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
};

function idFromLocation(location: unknown): string {
  const match = /\/([0-9a-f-]{36})(\?|$|\/)/.exec(String(location));
  assert.ok(match, `no id in ${String(location)}`);
  return match[1]!;
}

export async function buildWorld(env: Record<string, string> = {}): Promise<World> {
  const t = await createTestApp(env);
  const tenants = await t.db.ownerTransaction((tx) => tx.query<{ id: string; slug: string }>(sql`select id, slug from tenants`));
  const tenantIds = new Map(tenants.map((row) => [row.slug, row.id]));
  const lemgoId = tenantIds.get('lemgo')!;
  const ids: Record<string, string> = {};

  // The form, office and offer of Lemgo.
  const formStaff = await staffOf(t.db, 'lemgo');
  const form = await createForm(t.db, formStaff, formWithPhotos());
  await publishDraft(t.db, formStaff, form.formId);
  ids.formId = form.formId;
  // A second form that is only a draft (not public): the RLS check needs unpublished rows too.
  ids.draftFormId = (await createForm(t.db, formStaff, fixture('hundeanmeldung'))).formId;
  ids.officeId = (await t.db.ownerTransaction(async (tx) => {
    await tx.query(sql`insert into services (key, name, slug, source_hash) values (${serviceKey}, 'Sperrmüll Entsorgung', 'sperrmuell-entsorgung', 'test') on conflict (key) do nothing`);
    const [office] = await tx.query<{ id: string }>(sql`insert into offices (tenant_id, name, street, postcode, city) values (${lemgoId}, 'Abfallberatung Lemgo', 'Marktplatz 1', '32657', 'Lemgo') returning id`);
    await tx.query(sql`insert into offers (tenant_id, service_key, office_id, processing_days, fee_text) values (${lemgoId}, ${serviceKey}, ${office!.id}, 14, 'Lemgo-Gebuehrentext-Geheim')`);
    const [other] = await tx.query<{ id: string }>(sql`insert into offices (tenant_id, name, street, postcode, city, published) values (${lemgoId}, 'Ordnungsamt Lemgo', 'Marktplatz 2', '32657', 'Lemgo', false) returning id`);
    return [office!.id, other!.id];
  })).join(',');
  ids.serviceSlug = (await one<{ slug: string }>(t, sql`select slug from services where key = ${serviceKey}`)).slug;
  const [officeId, otherOfficeId] = ids.officeId.split(',') as [string, string];
  ids.officeId = officeId;
  ids.otherOfficeId = otherOfficeId;

  const role = ['admin', 'caseworker', 'records_manager', 'coordinator'] as const;
  const lemgo = await signedInStaff(t, 'lemgo', [...role]);
  const detmold = await signedInStaff(t, 'detmold', [...role]);
  const kreis = await signedInStaff(t, 'kreis-lippe', ['admin', 'coordinator']);
  const otherOffice = await signedInStaff(t, 'lemgo', ['caseworker']);
  await t.db.ownerTransaction((tx) => tx.query(sql`insert into office_members (tenant_id, office_id, user_id) values (${lemgoId}, ${otherOfficeId}, ${otherOffice.userId})`));
  const applicant = await signedInCitizen(t);
  const otherCitizen = await signedInCitizen(t);
  const [anderswo] = await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`
    insert into tenants (slug, kind, name, official_name, ags) values ('kreis-anderswo', 'kreis', 'Kreis Anderswo', 'Kreis Anderswo', '09999') returning id`));
  tenantIds.set('kreis-anderswo', anderswo!.id);
  const otherDistrict = await signedInStaff(t, 'kreis-anderswo', ['coordinator', 'admin']);
  const stranger = new TestClient(t.app);
  await stranger.get('/');

  // The citizen's application with a photo, sent; the outbox makes the case.
  const csrf = await startApplication(applicant.client, 'lemgo');
  const uploaded = await postMultipart(applicant.client, `${formBase('lemgo')}/schritt/nachweise`, csrf, {}, [{ name: 'klavier.png', data: png() }]);
  assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 500));
  ids.reference = await finishApplication(applicant.client, 'lemgo');
  await t.drainOutbox();
  ids.caseId = (await one<{ id: string }>(t, sql`select id from cases where reference = ${ids.reference}`)).id;
  ids.caseFileId = (await one<{ id: string }>(t, sql`
    select a.id from attachments a join submissions s on s.draft_id = a.draft_id where s.reference = ${ids.reference}`)).id;

  // A second, unsent draft of the same citizen with a file (draft and attachment ids).
  const secondCsrf = await startApplication(applicant.client, 'lemgo', { vorname: 'Erika', nachname: 'Entwurf', email: 'erika@example.test' });
  const second = await postMultipart(applicant.client, `${formBase('lemgo')}/schritt/nachweise`, secondCsrf, {}, [{ name: 'schrank.png', data: png() }]);
  assert.equal(second.statusCode, 303);
  const draft = await one<{ draft_id: string; id: string }>(t, sql`
    select a.draft_id, a.id from attachments a join form_drafts d on d.id = a.draft_id
    where a.file_name = 'schrank.png' and d.tenant_id = ${lemgoId}`);
  ids.draftId = draft.draft_id;
  ids.draftAttachmentId = draft.id;

  // Lemgo works the case and issues the decision (for the decision routes and PDFs).
  const caseUrl = `/verwaltung/vorgaenge/${ids.caseId}`;
  assert.equal((await lemgo.client.get(caseUrl)).statusCode, 200);
  assert.equal((await lemgo.client.post(`${caseUrl}/status`, { status: 'in_pruefung' })).statusCode, 303);
  await lemgo.client.get(`${caseUrl}/bescheid`);
  assert.equal((await lemgo.client.post(`${caseUrl}/bescheid/entwurf`, { outcome: 'bewilligt', language: 'de' })).statusCode, 303);
  const decisionPage = await lemgo.client.get(`${caseUrl}/bescheid`);
  const text = { outcome: 'bewilligt', tenor: textarea(decisionPage.body, 'tenor'), reasons: 'Alles in Ordnung.', legalRemedy: textarea(decisionPage.body, 'legalRemedy') };
  const issued = await lemgo.client.post(`${caseUrl}/bescheid`, { ...text, schritt: 'erlassen' });
  assert.equal(issued.statusCode, 303, issued.body.slice(0, 1500));

  // E-Akte: a file by hand with a document.
  const position = await positionId(t.db, lemgoId, '02.10');
  ids.positionId = position;
  await lemgo.client.get(`/verwaltung/akten/plan/${position}`);
  const file = await lemgo.client.post(`/verwaltung/akten/plan/${position}/akten`, { fileTitle: 'Beschwerden Straßenbeleuchtung' });
  assert.equal(file.statusCode, 303, file.body.slice(0, 500));
  ids.recordFileId = idFromLocation(file.headers.location);
  const filePage = await lemgo.client.get(`/verwaltung/akten/${ids.recordFileId}`);
  const documentFields = { title: 'Beschwerde Beleuchtung', kind: 'schreiben', documentDate: '17.03.2026', direction: 'eingang', sender: 'Erika Mustermann', recipient: '', process: '' };
  const doc = await postMultipart(lemgo.client, `/verwaltung/akten/${ids.recordFileId}/dokumente`, csrfOf(filePage), documentFields, [{ name: 'brief.txt', data: Buffer.from('Sehr geehrte Damen und Herren, die Lampe ist aus.\n') }], 'file');
  assert.equal(doc.statusCode, 303, doc.body.slice(0, 500));
  ids.documentId = [...String(doc.headers.location).matchAll(/[0-9a-f]{8}-[0-9a-f-]{27}/g)].at(-1)?.[0] ?? '';
  assert.ok(ids.documentId, `no document id in ${String(doc.headers.location)}`);

  // Hub entries written by Lemgo's coordinator.
  const hub = lemgo.client;
  assert.equal((await hub.get('/kooperation')).statusCode, 200);
  const created = async (url: string, fields: Record<string, string>) => {
    await hub.get(url);
    const response = await hub.post(url, fields);
    assert.equal(response.statusCode, 303, `${url}: ${response.body.slice(0, 800)}`);
    return idFromLocation(response.headers.location);
  };
  ids.projectId = await created('/kooperation/projekte/neu', { title: 'E-Akte Lemgo', goal: 'Elektronische Akten.', phase: 'umsetzung', status: 'im_plan' });
  assert.equal((await hub.post(`/kooperation/projekte/${ids.projectId}/meilensteine`, { milestoneTitle: 'Pilot', dueOn: '01.12.2026' })).statusCode, 303);
  ids.milestoneId = (await one<{ id: string }>(t, sql`select id from hub_milestones where project_id = ${ids.projectId}`)).id;
  await hub.get(`/kooperation/projekte/${ids.projectId}`);
  const projectDocument = await hub.postMultipart(`/kooperation/projekte/${ids.projectId}/dokumente`, { documentTitle: 'Konzept Lemgo' }, [{ field: 'file', name: 'konzept.txt', data: Buffer.from('Konzept der E-Akte Lemgo\n') }]);
  assert.equal(projectDocument.statusCode, 303, projectDocument.body.slice(0, 800));
  ids.projectDocumentId = (await one<{ id: string }>(t, sql`select id from hub_project_documents where project_id = ${ids.projectId}`)).id;
  ids.ideaId = await created('/kooperation/ideen/neu', { title: 'Gemeinsame Terminbuchung', body: 'Ein Buchungssystem für alle Bürgerbüros.' });
  ids.eventId = await created('/kooperation/termine/neu', { kind: 'meeting', title: 'Austausch', series: '', date: '03.12.2026', startTime: '09:00', endTime: '10:30', location: 'Lemgo', agenda: '1. Portal', capacity: '' });
  assert.equal((await hub.post(`/kooperation/termine/${ids.eventId}/aufgaben`, { actionBody: 'Bedarf abfragen', assignee: lemgo.userId, actionDue: '15.12.2026' })).statusCode, 303);
  ids.actionItemId = (await one<{ id: string }>(t, sql`select id from hub_action_items where event_id = ${ids.eventId}`)).id;
  const nextMonth = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('.');
  ids.procurementId = await created('/kooperation/beschaffung/neu', { title: 'Dokumentenscanner', description: 'A4', unit: 'Stück', unitPrice: '850,50', deadline: nextMonth });
  ids.articleId = await created('/kooperation/wissen/neu', { title: 'So haben wir gescannt', body: 'Am selben Tag.', projectId: '', serviceKeys: '' });

  // A responsibility rule of the Kreis (district editors only).
  await t.db.ownerTransaction((tx) => tx.query(sql`
    insert into responsibility_rules (tenant_id, service_key, municipality_id, responsible_tenant_id, legal_basis, demo)
    values (${tenantIds.get('kreis-lippe')!}, ${serviceKey}, ${lemgoId}, ${tenantIds.get('kreis-lippe')!}, '§ 1 Test', false)`));
  const rules = await kreis.client.get('/verwaltung/zustaendigkeiten');
  const ruleHref = /href="(\/verwaltung\/zustaendigkeiten\/\d{14}\/[a-z0-9-]+)"/.exec(rules.body)?.[1];
  assert.ok(ruleHref, 'a rule link on the rules page');
  ids.ruleServiceKey = ruleHref.split('/')[3]!;
  ids.ruleResponsible = ruleHref.split('/')[4]!;

  // A citizen cookie for the anonymous pages.
  return {
    t,
    tenantIds,
    ids,
    actors: {
      lemgoStaff: { client: lemgo.client, userId: lemgo.userId, label: 'Lemgo staff (all roles)' },
      detmoldStaff: { client: detmold.client, userId: detmold.userId, label: 'Detmold staff (all roles)' },
      otherOffice: { client: otherOffice.client, userId: otherOffice.userId, label: 'Lemgo caseworker of another office' },
      applicant: { client: applicant.client, userId: applicant.userId, label: 'the applicant' },
      otherCitizen: { client: otherCitizen.client, userId: otherCitizen.userId, label: 'another citizen' },
      stranger: { client: stranger, userId: null, label: 'another browser, signed out' },
      otherDistrict: { client: otherDistrict.client, userId: otherDistrict.userId, label: 'coordinator of another district' },
      kreisStaff: { client: kreis.client, userId: kreis.userId, label: 'Kreis Lippe staff' },
    },
  };
}
