/**
 * Tenant isolation, attacked through the running app: every route whose path takes a parameter is
 * in the table below, which says how to reach a real thing of tenant A (Lemgo) and who must be
 * refused — staff of tenant B (Detmold) with every role, a Lemgo caseworker of another office, a
 * citizen who is not the applicant, another browser, a coordinator of another district. A new
 * route with a parameter fails the suite until it is added here. Then the database itself: a
 * query without any filter, run as `kreisportal_app` in another tenant's scope, sees no row of
 * Lemgo in any tenant-owned table (RLS, ADR 5), except the hub's by design (ADR 9).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from '../../src/platform/db/sql.ts';
import { buildWorld, formBase, type World } from './support/world.ts';
import { hasParameter, listRoutes, routeKey } from './support/routes.ts';
import { createApiClient } from '../../src/modules/cases/api/client-store.ts';

type ActorName = keyof World['actors'];
type Ids = Record<string, string>;

/** A route reaching a thing of tenant A; `owner` must get `ownerStatus` (GET only), every actor in `deny` one of its statuses. */
type Guarded = {
  kind: 'guarded';
  url: (ids: Ids) => string;
  owner?: ActorName;
  ownerStatus?: number;
  deny: Partial<Record<ActorName, number[]>>;
  /** Text of tenant A that must not appear in a refused answer. */
  marker?: string;
  /** Reached through the browser's own cookie: a 200 shows the requester's own thing. */
  cookieBound?: boolean;
  /** Valid fields for the POST, so that the refusal comes from access control, not validation. */
  body?: Record<string, string>;
};
/** The parameter names something public (a tenant, a catalog entry, a published form): nothing to isolate. */
type Public = { kind: 'public'; why: string; url: (ids: Ids) => string; status: number[] };
/**
 * The parameter is a public key (LeiKa service key) and the route shows or writes the acting
 * tenant's own row for it; another tenant must not see or change tenant A's row.
 */
type OwnRow = { kind: 'own-row'; why: string; url: (ids: Ids) => string; attacker: ActorName; marker: string; status: number[] };

/**
 * The case API (src/modules/cases/api): bearer tokens only, never a cookie. Lemgo's API client
 * reaches the case (GET); Detmold's client and a Lemgo client of another office get 404; every
 * actor of the world with their browser (session cookie, CSRF token) gets 401.
 */
type Bearer = { kind: 'bearer'; method: 'GET' | 'POST' | 'PUT'; url: (ids: Ids) => string; body?: Record<string, unknown> };

type Entry = Guarded | Public | OwnRow | Bearer;

const n404 = [404];
const n403 = [403];
const toLogin = [303];
/** Back-office case routes: another tenant and another office see nothing; citizens are not staff. */
const caseDeny = { detmoldStaff: n404, otherOffice: n404, otherCitizen: n403, applicant: n403, stranger: toLogin };
/** E-Akte: another tenant sees nothing; a caseworker without the records role and citizens are refused. */
const recordDeny = { detmoldStaff: n404, otherOffice: n403, otherCitizen: n403, stranger: toLogin };
/** Form editor, offices: another tenant sees nothing; citizens and caseworkers are not editors. */
const editorDeny = { detmoldStaff: n404, otherOffice: n403, otherCitizen: n403, stranger: toLogin };
/** Hub pages are district-wide (ADR 9): another district sees nothing; non-coordinators are refused. */
const hubReadDeny = { otherDistrict: n404, otherOffice: n403, otherCitizen: n403, stranger: toLogin };
/** Hub writes to Lemgo's own rows: another municipality of the district is refused too. */
const hubWriteDeny = { ...hubReadDeny, detmoldStaff: n403 };
/** The applicant's pages: the three keys of ADR 10, nobody else (not even staff). */
const applicantDeny = { otherCitizen: n404, stranger: n404, detmoldStaff: n404, lemgoStaff: n404 };

const g = (url: Guarded['url'], deny: Guarded['deny'], owner: ActorName = 'lemgoStaff', ownerStatus = 200, marker?: string): Guarded => ({ kind: 'guarded', url, owner, ownerStatus, deny, ...(marker ? { marker } : {}) });
const post = (url: Guarded['url'], deny: Guarded['deny'], marker?: string): Guarded => ({ kind: 'guarded', url, deny, ...(marker ? { marker } : {}) });

/**
 * The draft of the requesting browser: the path names only public things (tenant, published form,
 * step) and the draft is found by the browser's cookie. Others reach their own (empty) draft or
 * none; the applicant's unsent answers (marker "Entwurf") must never show.
 */
const own = (url: Guarded['url'], owner?: ActorName, ownerStatus?: number): Guarded => ({
  kind: 'guarded', url, ...(owner ? { owner, ownerStatus } : {}), cookieBound: true, marker: 'Entwurf',
  deny: { otherCitizen: [200, 303, 404, 422], stranger: [200, 303, 404, 422], detmoldStaff: [200, 303, 404, 422] },
});

const unknownId = '00000000-0000-4000-8000-000000000000';
const caseUrl = (ids: Ids) => `/verwaltung/vorgaenge/${ids.caseId}`;
const recordUrl = (ids: Ids) => `/verwaltung/akten/${ids.recordFileId}`;
const documentUrl = (ids: Ids) => `${recordUrl(ids)}/dokumente/${ids.documentId}`;
const formUrl = (ids: Ids) => `/verwaltung/formulare/${ids.formId}`;
const ruleUrl = (ids: Ids) => `/verwaltung/zustaendigkeiten/${ids.ruleServiceKey}/${ids.ruleResponsible}`;
const applicantUrl = (ids: Ids) => `/antraege/lemgo/${ids.reference}`;
const lemgoForm = formBase('lemgo');

const ruleDeny = { lemgoStaff: n403, detmoldStaff: n403, otherDistrict: n404, otherCitizen: n403, stranger: toLogin };

export const accessTable: Record<string, Entry> = {
  // Public: the parameter names a public thing.
  'GET /*': { kind: 'public', why: 'static assets by file name', url: () => '/assets/does-not-exist.css', status: [404] },
  'GET /gemeinden/:slug': { kind: 'public', why: 'municipality pages are public', url: () => '/gemeinden/lemgo', status: [200] },
  'GET /sprache/:locale': { kind: 'public', why: 'language switch', url: () => '/sprache/en', status: [303] },
  'GET /themen/:slug': { kind: 'public', why: 'catalog topics are public reference data', url: () => '/themen/gibt-es-nicht', status: [404] },
  'GET /leistungen/a-z/:letter': { kind: 'public', why: 'catalog A–Z', url: () => '/leistungen/a-z/s', status: [200] },
  'GET /leistungen/:slug': { kind: 'public', why: 'catalog service pages', url: (ids) => `/leistungen/${ids.serviceSlug}`, status: [200] },
  'GET /api/v1/services/:key': { kind: 'public', why: 'public read-only API of the catalog', url: () => '/api/v1/services/99001009004002', status: [200] },
  'GET /api/v1/services/:key/offers': { kind: 'public', why: 'published offers are public (offer pages)', url: () => '/api/v1/services/99001009004002/offers', status: [200] },
  'GET /:tenantSlug/leistungen/:serviceSlug': { kind: 'public', why: 'published offer pages are public', url: (ids) => `/lemgo/leistungen/${ids.serviceSlug}`, status: [200, 404] },
  'GET /:tenantSlug/antrag/:formSlug': { kind: 'public', why: 'the start page of a published form', url: () => lemgoForm, status: [200] },
  'POST /:tenantSlug/antrag/:formSlug': { kind: 'public', why: 'starts a new draft of the posting browser', url: () => lemgoForm, status: [303] },
  'GET /:tenantSlug/antrag/:formSlug/fortsetzen': { kind: 'public', why: 'the resume page; a draft is reached only with the mailed secret', url: () => `${lemgoForm}/fortsetzen`, status: [200, 303, 404, 410] },
  'POST /:tenantSlug/antrag/:formSlug/fortsetzen': { kind: 'public', why: 'resume with the mailed secret (a wrong secret is refused)', url: () => `${lemgoForm}/fortsetzen`, status: [303, 404, 410, 422] },

  // The draft of the posting browser: the path names only public things, the draft is the cookie's.
  'GET /:tenantSlug/antrag/:formSlug/schritt/:stepId': own(() => `${lemgoForm}/schritt/kontakt`, 'applicant', 200),
  'POST /:tenantSlug/antrag/:formSlug/schritt/:stepId': own(() => `${lemgoForm}/schritt/kontakt`),
  'POST /:tenantSlug/antrag/:formSlug/schritt/:stepId/anhang/:attachmentId/entfernen': post((ids) => `${lemgoForm}/schritt/nachweise/anhang/${ids.draftAttachmentId}/entfernen`, { otherCitizen: [303, 404], stranger: [303, 404], detmoldStaff: [303, 404] }),
  'GET /:tenantSlug/antrag/:formSlug/speichern': own(() => `${lemgoForm}/speichern`, 'applicant', 200),
  'POST /:tenantSlug/antrag/:formSlug/speichern': own(() => `${lemgoForm}/speichern`),
  'GET /:tenantSlug/antrag/:formSlug/speichern/gesendet': own(() => `${lemgoForm}/speichern/gesendet`, 'applicant', 200),
  'GET /:tenantSlug/antrag/:formSlug/pruefen': own(() => `${lemgoForm}/pruefen`, 'applicant', 303),
  'POST /:tenantSlug/antrag/:formSlug/absenden': own(() => `${lemgoForm}/absenden`),
  'GET /:tenantSlug/antrag/:formSlug/eingang/:reference': g((ids) => `${lemgoForm}/eingang/${ids.reference}`, { otherCitizen: n404, stranger: n404, detmoldStaff: n404 }, 'applicant'),
  'GET /:tenantSlug/antrag/:formSlug/eingang/:reference/eingangsbestaetigung.pdf': g((ids) => `${lemgoForm}/eingang/${ids.reference}/eingangsbestaetigung.pdf`, { otherCitizen: n404, stranger: n404, detmoldStaff: n404 }, 'applicant'),
  'POST /:tenantSlug/antrag/:formSlug/fortsetzen/:draftId': post((ids) => `${lemgoForm}/fortsetzen/${ids.draftId}`, { otherCitizen: n404, stranger: n404, detmoldStaff: n404 }),

  // The applicant's status pages (ADR 10).
  'GET /antraege/:tenantSlug/:reference': g(applicantUrl, applicantDeny, 'applicant'),
  'POST /antraege/:tenantSlug/:reference/antwort': post((ids) => `${applicantUrl(ids)}/antwort`, applicantDeny),
  'POST /antraege/:tenantSlug/:reference/zurueckziehen': post((ids) => `${applicantUrl(ids)}/zurueckziehen`, applicantDeny),
  'POST /antraege/:tenantSlug/:reference/einwilligung': post((ids) => `${applicantUrl(ids)}/einwilligung`, applicantDeny),
  'GET /antraege/:tenantSlug/:reference/dateien/:fileId': post((ids) => `${applicantUrl(ids)}/dateien/${ids.caseFileId}`, applicantDeny),
  'GET /antraege/:tenantSlug/:reference/bescheid.pdf': g((ids) => `${applicantUrl(ids)}/bescheid.pdf`, applicantDeny, 'applicant'),

  // Cases (back office).
  'GET /verwaltung/vorgaenge/:caseId': g(caseUrl, caseDeny),
  'GET /verwaltung/vorgaenge/:caseId/dateien/:fileId': g((ids) => `${caseUrl(ids)}/dateien/${ids.caseFileId}`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/dienststelle': post((ids) => `${caseUrl(ids)}/dienststelle`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/status': post((ids) => `${caseUrl(ids)}/status`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/zuweisung': post((ids) => `${caseUrl(ids)}/zuweisung`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/frist': post((ids) => `${caseUrl(ids)}/frist`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/notiz': post((ids) => `${caseUrl(ids)}/notiz`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/nachricht': post((ids) => `${caseUrl(ids)}/nachricht`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/abgabe': post((ids) => `${caseUrl(ids)}/abgabe`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/postversand': post((ids) => `${caseUrl(ids)}/postversand`, caseDeny),
  'GET /verwaltung/vorgaenge/:caseId/nachrichtendateien/:fileId': post((ids) => `${caseUrl(ids)}/nachrichtendateien/${ids.caseFileId}`, caseDeny),
  'GET /verwaltung/vorgaenge/:caseId/bescheid': g((ids) => `${caseUrl(ids)}/bescheid`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/bescheid': post((ids) => `${caseUrl(ids)}/bescheid`, caseDeny),
  'GET /verwaltung/vorgaenge/:caseId/bescheid.pdf': g((ids) => `${caseUrl(ids)}/bescheid.pdf`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/bescheid/entwurf': post((ids) => `${caseUrl(ids)}/bescheid/entwurf`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/bescheid/freigabe': post((ids) => `${caseUrl(ids)}/bescheid/freigabe`, caseDeny),
  'POST /verwaltung/vorgaenge/:caseId/bescheid/rueckgabe': post((ids) => `${caseUrl(ids)}/bescheid/rueckgabe`, caseDeny),
  // The case API for specialist software (bearer tokens of API clients) and the page of API clients.
  'GET /api/v1/cases/:id': { kind: 'bearer', method: 'GET', url: (ids) => `/api/v1/cases/${ids.caseId}` },
  'GET /api/v1/cases/:id/files/:fileId': { kind: 'bearer', method: 'GET', url: (ids) => `/api/v1/cases/${ids.caseId}/files/${ids.caseFileId}` },
  'POST /api/v1/cases/:id/status': { kind: 'bearer', method: 'POST', url: (ids) => `/api/v1/cases/${ids.caseId}/status`, body: { status: 'abgeschlossen' } },
  'POST /api/v1/cases/:id/notes': { kind: 'bearer', method: 'POST', url: (ids) => `/api/v1/cases/${ids.caseId}/notes`, body: { text: 'Fremd' } },
  'PUT /api/v1/cases/:id/assignee': { kind: 'bearer', method: 'PUT', url: (ids) => `/api/v1/cases/${ids.caseId}/assignee`, body: { assigneeId: null } },
  'POST /verwaltung/api-zugaenge/:clientId/widerrufen': post((ids) => `/verwaltung/api-zugaenge/${ids.apiClientId}/widerrufen`, { detmoldStaff: n404, otherOffice: n403, otherCitizen: n403, stranger: toLogin }),
  'GET /verwaltung/vorgaenge/einstellungen/:serviceKey': { kind: 'own-row', why: 'case settings per tenant under the public LeiKa key', url: () => '/verwaltung/vorgaenge/einstellungen/99001009004002', attacker: 'detmoldStaff', marker: 'Lemgo-Tenor-Geheim', status: [200, 404] },
  'POST /verwaltung/vorgaenge/einstellungen/:serviceKey': { kind: 'own-row', why: 'writes the acting tenant\'s settings only', url: () => '/verwaltung/vorgaenge/einstellungen/99001009004002', attacker: 'detmoldStaff', marker: 'Lemgo-Tenor-Geheim', status: [303, 404, 422] },
  'GET /verwaltung/vorgaenge/einstellungen/:serviceKey/ablauf': { kind: 'own-row', why: 'status model per tenant under the public LeiKa key', url: () => '/verwaltung/vorgaenge/einstellungen/99001009004002/ablauf', attacker: 'detmoldStaff', marker: 'Lemgo-Schritt-Geheim', status: [200, 404] },
  'POST /verwaltung/vorgaenge/einstellungen/:serviceKey/ablauf': { kind: 'own-row', why: 'appends a version of the acting tenant\'s model only', url: () => '/verwaltung/vorgaenge/einstellungen/99001009004002/ablauf', attacker: 'detmoldStaff', marker: 'Lemgo-Schritt-Geheim', status: [303, 404, 422] },

  // E-Akte.
  'GET /verwaltung/akten/plan/:positionId': g((ids) => `/verwaltung/akten/plan/${ids.positionId}`, recordDeny),
  'POST /verwaltung/akten/plan/:positionId': post((ids) => `/verwaltung/akten/plan/${ids.positionId}`, recordDeny),
  'POST /verwaltung/akten/plan/:positionId/akten': post((ids) => `/verwaltung/akten/plan/${ids.positionId}/akten`, recordDeny),
  'GET /verwaltung/akten/:fileId': g(recordUrl, recordDeny),
  'POST /verwaltung/akten/:fileId/vorgaenge': post((ids) => `${recordUrl(ids)}/vorgaenge`, recordDeny),
  'GET /verwaltung/akten/:fileId/abschliessen': g((ids) => `${recordUrl(ids)}/abschliessen`, recordDeny),
  'POST /verwaltung/akten/:fileId/abschliessen': post((ids) => `${recordUrl(ids)}/abschliessen`, recordDeny),
  'POST /verwaltung/akten/:fileId/dokumente': post((ids) => `${recordUrl(ids)}/dokumente`, recordDeny),
  'GET /verwaltung/akten/:fileId/dokumente/:documentId': g(documentUrl, recordDeny),
  'POST /verwaltung/akten/:fileId/dokumente/:documentId/fassungen': post((ids) => `${documentUrl(ids)}/fassungen`, recordDeny),
  'GET /verwaltung/akten/:fileId/dokumente/:documentId/fassungen/:version': g((ids) => `${documentUrl(ids)}/fassungen/1`, recordDeny),

  'GET /verwaltung/akten/:fileId/aufbewahrung': g((ids) => `${recordUrl(ids)}/aufbewahrung`, recordDeny),
  'POST /verwaltung/akten/:fileId/aufbewahrung': post((ids) => `${recordUrl(ids)}/aufbewahrung`, recordDeny),
  // Disposal (Aussonderung) is being built: the world has no disposal yet, so these are attacked
  // with an unknown id only (no owner check) — extend the world when the module has a public interface.
  'GET /verwaltung/akten/aussonderung/:disposalId': post(() => `/verwaltung/akten/aussonderung/${unknownId}`, recordDeny),
  'GET /verwaltung/akten/aussonderung/:disposalId/0501.xml': post(() => `/verwaltung/akten/aussonderung/${unknownId}/0501.xml`, recordDeny),
  'GET /verwaltung/akten/aussonderung/:disposalId/0503.zip': post(() => `/verwaltung/akten/aussonderung/${unknownId}/0503.zip`, recordDeny),
  'POST /verwaltung/akten/aussonderung/:disposalId/uebergabe': post(() => `/verwaltung/akten/aussonderung/${unknownId}/uebergabe`, recordDeny),
  'POST /verwaltung/akten/aussonderung/:disposalId/vernichtung': post(() => `/verwaltung/akten/aussonderung/${unknownId}/vernichtung`, recordDeny),
  'POST /verwaltung/akten/aussonderung/:disposalId/nachricht': post(() => `/verwaltung/akten/aussonderung/${unknownId}/nachricht`, recordDeny),

  // Offers, offices, responsibility rules.
  'GET /verwaltung/angebote/:serviceKey': { kind: 'own-row', why: 'the acting tenant\'s offer under the public LeiKa key', url: () => '/verwaltung/angebote/99001009004002', attacker: 'detmoldStaff', marker: 'Lemgo-Gebuehrentext-Geheim', status: [200, 404] },
  'POST /verwaltung/angebote/:serviceKey': { kind: 'own-row', why: 'writes the acting tenant\'s offer only', url: () => '/verwaltung/angebote/99001009004002', attacker: 'detmoldStaff', marker: 'Lemgo-Gebuehrentext-Geheim', status: [303, 404, 422] },
  'GET /verwaltung/dienststellen/:officeId': g((ids) => `/verwaltung/dienststellen/${ids.officeId}`, editorDeny),
  'POST /verwaltung/dienststellen/:officeId': post((ids) => `/verwaltung/dienststellen/${ids.officeId}`, editorDeny),
  'GET /verwaltung/zustaendigkeiten/:serviceKey/:responsible': g(ruleUrl, ruleDeny, 'kreisStaff'),
  'POST /verwaltung/zustaendigkeiten/:serviceKey/:responsible': post(ruleUrl, ruleDeny),
  'POST /verwaltung/zustaendigkeiten/:serviceKey/:responsible/entfernen': post((ids) => `${ruleUrl(ids)}/entfernen`, ruleDeny),

  // Form editor.
  'GET /verwaltung/formulare/:id': g(formUrl, editorDeny),
  'GET /verwaltung/formulare/:id/veroeffentlichen': g((ids) => `${formUrl(ids)}/veroeffentlichen`, editorDeny),
  'POST /verwaltung/formulare/:id/veroeffentlichen': post((ids) => `${formUrl(ids)}/veroeffentlichen`, editorDeny),
  // One published version and no draft: nothing to compare, so the owner gets 404 too (the attack still must).
  'GET /verwaltung/formulare/:id/vergleich': g((ids) => `${formUrl(ids)}/vergleich`, editorDeny, 'lemgoStaff', 404),
  'GET /verwaltung/formulare/:id/versionen/:version/export.json': g((ids) => `${formUrl(ids)}/versionen/1/export.json`, editorDeny),
  'GET /verwaltung/formulare/:id/vorschau': g((ids) => `${formUrl(ids)}/vorschau`, editorDeny),
  'POST /verwaltung/formulare/:id/vorschau': post((ids) => `${formUrl(ids)}/vorschau`, editorDeny),
  'GET /verwaltung/formulare/:id/vorschau/schritt/:stepId': g((ids) => `${formUrl(ids)}/vorschau/schritt/kontakt`, editorDeny),
  'POST /verwaltung/formulare/:id/vorschau/schritt/:stepId': post((ids) => `${formUrl(ids)}/vorschau/schritt/kontakt`, editorDeny),
  'GET /verwaltung/formulare/:id/vorschau/pruefen': g((ids) => `${formUrl(ids)}/vorschau/pruefen`, editorDeny, 'lemgoStaff', 303),
  'POST /verwaltung/formulare/:id/vorschau/ende': post((ids) => `${formUrl(ids)}/vorschau/ende`, editorDeny),
  'GET /verwaltung/formulare/:id/original': g((ids) => `${formUrl(ids)}/original`, editorDeny),
  'POST /verwaltung/formulare/:id/original': post((ids) => `${formUrl(ids)}/original`, editorDeny),
  'GET /verwaltung/formulare/:id/bearbeiten': g((ids) => `${formUrl(ids)}/bearbeiten`, editorDeny),
  'POST /verwaltung/formulare/:id/bearbeiten': post((ids) => `${formUrl(ids)}/bearbeiten`, editorDeny),
  'POST /verwaltung/formulare/:id/schritte': post((ids) => `${formUrl(ids)}/schritte`, editorDeny),
  'GET /verwaltung/formulare/:id/schritte/:step': g((ids) => `${formUrl(ids)}/schritte/0`, editorDeny),
  'POST /verwaltung/formulare/:id/schritte/:step': post((ids) => `${formUrl(ids)}/schritte/0`, editorDeny),
  'POST /verwaltung/formulare/:id/schritte/:step/aktion': post((ids) => `${formUrl(ids)}/schritte/0/aktion`, editorDeny),
  'POST /verwaltung/formulare/:id/schritte/:step/felder': post((ids) => `${formUrl(ids)}/schritte/0/felder`, editorDeny),
  'GET /verwaltung/formulare/:id/schritte/:step/felder/:field': g((ids) => `${formUrl(ids)}/schritte/0/felder/0`, editorDeny),
  'POST /verwaltung/formulare/:id/schritte/:step/felder/:field': post((ids) => `${formUrl(ids)}/schritte/0/felder/0`, editorDeny),
  'POST /verwaltung/formulare/:id/schritte/:step/felder/:field/aktion': post((ids) => `${formUrl(ids)}/schritte/0/felder/0/aktion`, editorDeny),
  'GET /verwaltung/formulare/:id/json': g((ids) => `${formUrl(ids)}/json`, editorDeny),
  'POST /verwaltung/formulare/:id/json': post((ids) => `${formUrl(ids)}/json`, editorDeny),

  // Cooperation hub (ADR 9).
  'GET /kooperation/kalender/:file': { kind: 'guarded', url: () => `/kooperation/kalender/${'A'.repeat(43)}.ics`, deny: { stranger: n404, detmoldStaff: n404, otherDistrict: n404 } },
  'GET /kooperation/projekte/:id': g((ids) => `/kooperation/projekte/${ids.projectId}`, hubReadDeny),
  'GET /kooperation/projekte/:id/bearbeiten': g((ids) => `/kooperation/projekte/${ids.projectId}/bearbeiten`, hubWriteDeny),
  'POST /kooperation/projekte/:id/bearbeiten': { ...post((ids) => `/kooperation/projekte/${ids.projectId}/bearbeiten`, hubWriteDeny), body: { title: 'Fremd', goal: 'Fremd', phase: 'umsetzung', status: 'im_plan' } },
  'POST /kooperation/projekte/:id/meilensteine': { ...post((ids) => `/kooperation/projekte/${ids.projectId}/meilensteine`, hubWriteDeny), body: { milestoneTitle: 'Fremd', dueOn: '01.12.2026' } },
  'POST /kooperation/projekte/:id/meilensteine/:milestoneId/erledigt': post((ids) => `/kooperation/projekte/${ids.projectId}/meilensteine/${ids.milestoneId}/erledigt`, hubWriteDeny),
  'POST /kooperation/projekte/:id/sachstand': { ...post((ids) => `/kooperation/projekte/${ids.projectId}/sachstand`, hubWriteDeny), body: { reportedOn: '01.03.2026', updateStatus: 'im_plan', updateBody: 'Fremd' } },
  // Project documents (ADR 9, addendum): anyone who is no hub member of the district gets 404, not 403.
  'POST /kooperation/projekte/:id/dokumente': post((ids) => `/kooperation/projekte/${ids.projectId}/dokumente`, hubWriteDeny),
  'GET /kooperation/projekte/:id/dokumente/:documentId': g(
    (ids) => `/kooperation/projekte/${ids.projectId}/dokumente/${ids.projectDocumentId}`,
    { otherDistrict: n404, otherOffice: n404, otherCitizen: n404, stranger: toLogin },
  ),
  'GET /kooperation/ideen/:id': g((ids) => `/kooperation/ideen/${ids.ideaId}`, hubReadDeny),
  'POST /kooperation/ideen/:id/kommentare': post((ids) => `/kooperation/ideen/${ids.ideaId}/kommentare`, hubReadDeny),
  'POST /kooperation/ideen/:id/stimme': post((ids) => `/kooperation/ideen/${ids.ideaId}/stimme`, hubReadDeny),
  'POST /kooperation/ideen/:id/stimme-zurueckziehen': post((ids) => `/kooperation/ideen/${ids.ideaId}/stimme-zurueckziehen`, hubReadDeny),
  'POST /kooperation/ideen/:id/projekt': post((ids) => `/kooperation/ideen/${ids.ideaId}/projekt`, hubReadDeny),
  'GET /kooperation/termine/:id': g((ids) => `/kooperation/termine/${ids.eventId}`, hubReadDeny),
  'POST /kooperation/termine/:id/protokoll': post((ids) => `/kooperation/termine/${ids.eventId}/protokoll`, hubWriteDeny),
  'POST /kooperation/termine/:id/beschluesse': { ...post((ids) => `/kooperation/termine/${ids.eventId}/beschluesse`, hubWriteDeny), body: { decisionBody: 'Fremd' } },
  'POST /kooperation/termine/:id/aufgaben': { ...post((ids) => `/kooperation/termine/${ids.eventId}/aufgaben`, hubWriteDeny), body: { actionBody: 'Fremd', actionDue: '15.12.2026' } },
  'POST /kooperation/termine/:id/anmeldung': post((ids) => `/kooperation/termine/${ids.eventId}/anmeldung`, hubReadDeny),
  'POST /kooperation/termine/:id/abmeldung': post((ids) => `/kooperation/termine/${ids.eventId}/abmeldung`, hubReadDeny),
  'POST /kooperation/termine/:id/teilnahme': post((ids) => `/kooperation/termine/${ids.eventId}/teilnahme`, hubWriteDeny),
  'POST /kooperation/aufgaben/:id/erledigt': post((ids) => `/kooperation/aufgaben/${ids.actionItemId}/erledigt`, hubWriteDeny),
  'GET /kooperation/beschaffung/:id': g((ids) => `/kooperation/beschaffung/${ids.procurementId}`, hubReadDeny),
  'POST /kooperation/beschaffung/:id/bedarf': post((ids) => `/kooperation/beschaffung/${ids.procurementId}/bedarf`, hubReadDeny),
  'GET /kooperation/beschaffung/:id/bedarf.csv': g((ids) => `/kooperation/beschaffung/${ids.procurementId}/bedarf.csv`, hubReadDeny),
  'GET /kooperation/wissen/:id': g((ids) => `/kooperation/wissen/${ids.articleId}`, hubReadDeny),
};

/** Each actor's client gets a fresh CSRF token of its own session first, so a refusal is never the CSRF check's. */
async function freshToken(world: World, actor: ActorName): Promise<void> {
  const client = world.actors[actor].client;
  const page = await client.get(world.actors[actor].userId ? '/konto' : '/anmelden');
  assert.match(page.body, /name="_csrf"/, `${actor} has a CSRF token`);
}

const csrfRefusal = /Das Formular ist abgelaufen/;

function describeResponse(response: LightMyRequestResponse): string {
  return `${response.statusCode} ${response.headers.location ?? ''} ${response.body.replace(/\s+/g, ' ').slice(0, 300)}`;
}

let world: World;
const counts = { routes: 0, requests: 0 };
/** Bearer tokens of API clients: Lemgo's (all offices), Detmold's, and Lemgo's of another office. */
const apiTokens = { lemgo: '', detmold: '', otherOffice: '' };
before(async () => {
  world = await buildWorld();
  const token = async (tenant: string, actor: ActorName, officeIds: string[] = [], access: 'act' | 'read' = 'act') => {
    const created = await createApiClient(world.t.db, { tenantId: world.tenantIds.get(tenant)!, userId: world.actors[actor].userId! }, { name: `API ${tenant} ${actor}`, access, officeIds });
    assert.equal(created.kind, 'created');
    return created.kind === 'created' ? created : { clientId: '', token: '' };
  };
  apiTokens.lemgo = (await token('lemgo', 'lemgoStaff')).token;
  apiTokens.detmold = (await token('detmold', 'detmoldStaff')).token;
  apiTokens.otherOffice = (await token('lemgo', 'lemgoStaff', [world.ids.otherOfficeId!])).token;
  // The client the revocation route is attacked with.
  world.ids.apiClientId = (await token('lemgo', 'lemgoStaff', [], 'read')).clientId;
  // A marker in Lemgo's case settings for the own-row check.
  const lemgo = world.actors.lemgoStaff.client;
  await lemgo.get('/verwaltung/vorgaenge/einstellungen/99001009004002');
  const saved = await lemgo.post('/verwaltung/vorgaenge/einstellungen/99001009004002', { fourEyes: 'nein', tenorDe: 'Lemgo-Tenor-Geheim', processingDays: '30' });
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 800));
  await lemgo.get('/verwaltung/vorgaenge/einstellungen/99001009004002/ablauf');
  const model = await lemgo.post('/verwaltung/vorgaenge/einstellungen/99001009004002/ablauf', { 'step-0-key': '', 'step-0-de': 'Lemgo-Schritt-Geheim', 'step-0-en': '', 'step-0-position': '1', queries: 'ja' });
  assert.equal(model.statusCode, 303, model.body.slice(0, 800));
});
after(async () => {
  process.stdout.write(`# tenant isolation: ${counts.routes} routes with parameters covered, ${counts.requests} attack requests\n`);
  await world?.t.close();
});

describe('every route with a parameter is isolated', () => {
  test('the table covers every route with a parameter, and nothing that no longer exists', () => {
    const routes = listRoutes(world.t.app).filter(hasParameter).map(routeKey);
    const missing = routes.filter((key) => !(key in accessTable));
    assert.deepEqual(missing, [], 'routes with a parameter missing in the isolation table (test/security/tenant-isolation.security.test.ts)');
    const stale = Object.keys(accessTable).filter((key) => !routes.includes(key));
    assert.deepEqual(stale, [], 'table entries without a route');
    counts.routes = routes.length;
  });

  test('the owner reaches each thing (so the attack below uses a real id)', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessTable)) {
      if (entry.kind !== 'guarded' || !key.startsWith('GET ') || !entry.owner) continue;
      const response = await world.actors[entry.owner].client.get(entry.url(world.ids));
      if (response.statusCode !== (entry.ownerStatus ?? 200)) failures.push(`${key} as ${entry.owner}: ${describeResponse(response)}`);
    }
    assert.deepEqual(failures, []);
  });

  test('public routes answer as public pages', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessTable)) {
      if (entry.kind !== 'public') continue;
      const client = world.actors.stranger.client;
      if (key.startsWith('POST ')) await client.get(entry.url(world.ids));
      const response = key.startsWith('GET ') ? await client.get(entry.url(world.ids)) : await client.post(entry.url(world.ids), {});
      if (!entry.status.includes(response.statusCode)) failures.push(`${key}: ${describeResponse(response)}`);
    }
    assert.deepEqual(failures, []);
  });

  test('everyone else gets 404 (or 403 where the whole area is closed to them), with a valid CSRF token and nothing of tenant A', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessTable)) {
      if (entry.kind !== 'guarded') continue;
      for (const [actor, statuses] of Object.entries(entry.deny) as [ActorName, number[]][]) {
        const client = world.actors[actor].client;
        const url = entry.url(world.ids);
        let response: LightMyRequestResponse;
        if (key.startsWith('GET ')) response = await client.get(url);
        else {
          await freshToken(world, actor);
          response = await client.post(url, entry.body ?? { title: 'Fremd', body: 'Fremd', commentBody: 'Fremd', status: 'abgeschlossen', note: 'Fremd', message: 'Fremd' });
        }
        counts.requests++;
        const problems: string[] = [];
        if (!statuses.includes(response.statusCode)) problems.push(`status ${response.statusCode}, expected ${statuses.join('/')}`);
        if (csrfRefusal.test(response.body)) problems.push('refused by the CSRF check, not by access control');
        if (entry.marker && response.body.includes(entry.marker)) problems.push(`shows ${entry.marker}`);
        if (response.statusCode === 200 && key.startsWith('GET ') && entry.owner && !entry.cookieBound) problems.push('answered 200 to a stranger');
        if (problems.length > 0) failures.push(`${key} as ${world.actors[actor].label}: ${problems.join('; ')} — ${describeResponse(response)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('the case API: Lemgo\'s client reaches the case; Detmold\'s client and one of another office get 404; no browser session gets in (401)', async () => {
    const failures: string[] = [];
    const send = (entry: Bearer, headers: Record<string, string>) =>
      world.t.app.inject({ method: entry.method, url: entry.url(world.ids), headers, ...(entry.body ? { payload: entry.body } : {}) });
    for (const [key, entry] of Object.entries(accessTable)) {
      if (entry.kind !== 'bearer') continue;
      if (entry.method === 'GET') {
        const own = await send(entry, { authorization: `Bearer ${apiTokens.lemgo}` });
        if (own.statusCode !== 200) failures.push(`${key} as Lemgo's API client: ${describeResponse(own)}`);
      }
      for (const [label, token] of [['Detmold\'s API client', apiTokens.detmold], ['Lemgo API client of another office', apiTokens.otherOffice]] as const) {
        const response = await send(entry, { authorization: `Bearer ${token}` });
        counts.requests++;
        if (response.statusCode !== 404 || response.body.includes('Mustermann')) failures.push(`${key} as ${label}: ${describeResponse(response)}`);
      }
      for (const [actor, { client, label }] of Object.entries(world.actors) as [ActorName, World['actors'][ActorName]][]) {
        if (entry.method !== 'GET') await freshToken(world, actor);
        const cookie = ['kp_session', 'kp_anon', 'kp_antrag'].flatMap((name) => (client.cookie(name) ? [`${name}=${client.cookie(name)}`] : [])).join('; ');
        const response = await send(entry, { cookie });
        counts.requests++;
        if (response.statusCode !== 401) failures.push(`${key} as ${label} (cookie): ${describeResponse(response)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('refused writes changed nothing of tenant A', async () => {
    const owner = <T,>(query: ReturnType<typeof sql>) => world.t.db.ownerTransaction((tx) => tx.query<T & Record<string, unknown>>(query));
    const [kase] = await owner<{ status: string; note_count: number }>(sql`
      select c.status, (select count(*)::int from case_events e where e.case_id = c.id and e.data::text like '%Fremd%') as note_count from cases c where c.id = ${world.ids.caseId}`);
    assert.equal(kase?.status, 'entschieden');
    assert.equal(kase?.note_count, 0);
    assert.equal((await owner(sql`select 1 from attachments where id = ${world.ids.draftAttachmentId}`)).length, 1, 'the draft\'s file is still there');
    assert.equal((await owner(sql`select 1 from hub_idea_comments where body = 'Fremd'`)).length, 0);
    assert.equal((await owner(sql`select 1 from hub_projects where title = 'Fremd'`)).length, 0);
    assert.equal((await owner(sql`select 1 from responsibility_rules where service_key = ${world.ids.ruleServiceKey}`)).length, 1);
    assert.equal((await owner(sql`select 1 from form_drafts where id = ${world.ids.draftId} and submitted_at is null`)).length, 1, 'the unsent draft was not sent by a stranger');
    assert.equal((await owner(sql`select 1 from case_api_clients where id = ${world.ids.apiClientId} and revoked_at is null`)).length, 1, 'Lemgo\'s API client was not revoked by others');
  });

  test('own-row routes under public keys never show or change tenant A\'s row', async () => {
    const failures: string[] = [];
    for (const [key, entry] of Object.entries(accessTable)) {
      if (entry.kind !== 'own-row') continue;
      const client = world.actors[entry.attacker].client;
      let response: LightMyRequestResponse;
      if (key.startsWith('GET ')) response = await client.get(entry.url(world.ids));
      else {
        await client.get(entry.url(world.ids));
        response = await client.post(entry.url(world.ids), { feeText: 'Detmold', tenorDe: 'Detmold', fourEyes: 'nein', processingDays: '10' });
      }
      counts.requests++;
      if (!entry.status.includes(response.statusCode)) failures.push(`${key}: ${describeResponse(response)}`);
      if (response.body.includes(entry.marker)) failures.push(`${key}: shows ${entry.marker}`);
      if (csrfRefusal.test(response.body)) failures.push(`${key}: refused by CSRF (test setup)`);
    }
    const lemgo = world.tenantIds.get('lemgo')!;
    const [offer] = await world.t.db.ownerTransaction((tx) => tx.query<{ fee_text: string }>(sql`select fee_text from offers where tenant_id = ${lemgo} and service_key = '99001009004002'`));
    assert.equal(offer?.fee_text, 'Lemgo-Gebuehrentext-Geheim');
    const lemgoSettings = await world.actors.lemgoStaff.client.get('/verwaltung/vorgaenge/einstellungen/99001009004002');
    assert.match(lemgoSettings.body, /Lemgo-Tenor-Geheim/);
    assert.match((await world.actors.lemgoStaff.client.get('/verwaltung/vorgaenge/einstellungen/99001009004002/ablauf')).body, /Lemgo-Schritt-Geheim/);
    assert.deepEqual(failures, []);
  });
});

describe('row-level security: an unfiltered query through the app role sees nothing foreign', () => {
  /** Hub rows are readable by every coordinator of the district (ADR 9); published offers and the OZG history are public. */
  const readableByDesign: Record<string, string> = {
    ozg_maturity_snapshots: 'public OZG dashboard history (ADR 9)',
    // offers: published offers are public (offer pages); the query below counts unpublished ones only.
  };

  /** Rows that are public by design and therefore not counted: published offers and published form versions (citizens fill them in). */
  const publicRows: Record<string, ReturnType<typeof sql>> = {
    offers: sql`published`,
    offices: sql`published`,
    form_versions: sql`status = 'published'`,
    forms: sql`exists (select 1 from form_versions v where v.tenant_id = forms.tenant_id and v.form_id = forms.id and v.status = 'published')`,
  };

  test('every table with a tenant_id, queried as kreisportal_app in Detmold\'s scope and without a scope', async () => {
    const { t, tenantIds, actors } = world;
    const lemgo = tenantIds.get('lemgo')!;
    const tables = (await t.db.ownerTransaction((tx) => tx.query<{ table_name: string }>(sql`
      select c.table_name from information_schema.columns c join information_schema.tables tb using (table_schema, table_name)
      where c.table_schema = current_schema() and c.column_name = 'tenant_id' and tb.table_type = 'BASE TABLE' order by c.table_name`))).map((row) => row.table_name);
    assert.ok(tables.length > 30, `tenant tables found: ${tables.join(', ')}`);
    const failures: string[] = [];
    const withLemgoRows: string[] = [];
    const scopes = [
      { label: 'Detmold staff', scope: { tenantId: tenantIds.get('detmold')!, userId: actors.detmoldStaff.userId } },
      { label: 'another citizen', scope: { tenantId: null, userId: actors.otherCitizen.userId } },
      { label: 'no scope', scope: { tenantId: null, userId: null } },
      { label: 'coordinator of another district', scope: { tenantId: tenantIds.get('kreis-anderswo')!, userId: actors.otherDistrict.userId } },
    ];
    for (const table of tables) {
      if (table in readableByDesign) continue;
      const ident = sql.identifier(table);
      const [own] = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from ${ident} where tenant_id = ${lemgo}`));
      if ((own?.n ?? 0) > 0) withLemgoRows.push(table);
      for (const { label, scope } of scopes) {
        // Hub rows are shared with the district's coordinators by design; Detmold's staff is one.
        if (table.startsWith('hub_') && label === 'Detmold staff') continue;
        let visible: number;
        try {
          const [row] = await t.db.transaction(scope, (tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from ${ident} where tenant_id = ${lemgo}${publicRows[table] ? sql` and not (${publicRows[table]})` : sql``}`));
          visible = row?.n ?? 0;
        } catch (error) {
          // No grant at all for the app role is just as safe.
          if (/permission denied/.test(String(error))) continue;
          throw error;
        }
        if (visible > 0) failures.push(`${table}: ${visible} Lemgo row(s) visible to ${label}`);
      }
    }
    process.stdout.write(`# RLS: ${tables.length} tenant tables queried in ${scopes.length} foreign scopes; ${withLemgoRows.length} hold Lemgo rows: ${withLemgoRows.join(', ')}\n`);
    for (const core of ['cases', 'case_events', 'submissions', 'attachments', 'form_drafts', 'record_files', 'record_documents', 'hub_projects', 'audit_log']) {
      assert.ok(withLemgoRows.includes(core), `the world should hold Lemgo rows in ${core}`);
    }
    assert.deepEqual(failures, []);
  });

  test('offices and offers: only published offers are public; unpublished ones stay in their tenant', async () => {
    const { t, tenantIds, actors } = world;
    const lemgo = tenantIds.get('lemgo')!;
    await t.db.ownerTransaction((tx) => tx.query(sql`update offers set published = false where tenant_id = ${lemgo} and service_key = '99001009004002'`));
    try {
      const [row] = await t.db.transaction({ tenantId: tenantIds.get('detmold')!, userId: actors.detmoldStaff.userId }, (tx) =>
        tx.query<{ n: number }>(sql`select count(*)::int as n from offers where tenant_id = ${lemgo} and not published`));
      assert.equal(row?.n, 0);
    } finally {
      await t.db.ownerTransaction((tx) => tx.query(sql`update offers set published = true where tenant_id = ${lemgo} and service_key = '99001009004002'`));
    }
  });
});
