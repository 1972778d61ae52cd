import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { verifyAudit } from '../../../platform/audit/verify-audit.ts';
import { openBlobStore } from '../../../platform/blobs/open-blob-store.ts';
import { sql } from '../../../platform/db/sql.ts';
import { signedInStaff } from '../../../platform/testing/signed-in.ts';
import { createTestApp, TestClient, type TestApp } from '../../../platform/testing/test-app.ts';
import { applyForSperrmuell, caseIdOf, publishSperrmuell } from '../test-support.ts';
import { createApiClient, type ClientAccess } from './client-store.ts';

let t: TestApp;
let detmold: { tenantId: string; officeId: string | undefined };
let lemgoTenantId: string;
let adminId: string;
let caseIds: string[] = [];
let fileId: string;
const fileBytes = Buffer.from('%PDF-1.4\nFoto des Klaviers\n%%EOF\n');

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

async function clientToken(tenantId: string, access: ClientAccess, officeIds: string[] = [], userId = adminId): Promise<string> {
  const outcome = await createApiClient(t.db, { tenantId, userId }, { name: `Fachverfahren ${access}`, access, officeIds });
  assert.equal(outcome.kind, 'created');
  return outcome.kind === 'created' ? outcome.token : '';
}

type Call = { method?: 'GET' | 'POST' | 'PUT'; url: string; token?: string | undefined; body?: unknown; headers?: Record<string, string> };
function call({ method = 'GET', url, token, body, headers = {} }: Call): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}
const json = (response: LightMyRequestResponse) => response.json() as Record<string, unknown> & { error?: { code: string; message: string; field?: string } };

before(async () => {
  t = await createTestApp();
  detmold = await publishSperrmuell(t, 'detmold', 'Abfallberatung');
  const lemgo = await publishSperrmuell(t, 'lemgo');
  lemgoTenantId = lemgo.tenantId;
  adminId = (await signedInStaff(t, 'detmold', ['admin'])).userId;
  for (const name of ['Anton', 'Berta', 'Cesar']) {
    await applyForSperrmuell(new TestClient(t.app), 'detmold', { vorname: name, nachname: 'Apitest', email: `${name.toLowerCase()}@example.test` });
  }
  const reference = await applyForSperrmuell(new TestClient(t.app), 'detmold', { vorname: 'Dora', nachname: 'Apitest', email: 'dora@example.test' }, 'Ein Flügel');
  await t.drainOutbox();
  caseIds = (await owner<{ id: string }>(sql`select id from cases where applicant_name like '%Apitest' order by received_at desc, id desc`)).map((row) => row.id);
  assert.equal(caseIds.length, 4);
  // A file of Dora's application: stored as the upload would store it, and named by the answers.
  const newest = await caseIdOf(t, reference);
  const blob = await openBlobStore(t.config).put(fileBytes);
  const [row] = await owner<{ id: string }>(sql`
    insert into attachments (tenant_id, draft_id, field_id, file_name, media_type, size, sha256, scan_result)
    select s.tenant_id, s.draft_id, 'fotos', 'Flügel.pdf', 'application/pdf', ${fileBytes.length}, ${blob.sha256}, 'not_scanned'
    from cases c join submissions s on s.tenant_id = c.tenant_id and s.id = c.submission_id where c.id = ${newest}
    returning id`);
  fileId = row?.id ?? '';
  await owner(sql`
    update submissions s set answers = s.answers || jsonb_build_object('fotos', jsonb_build_array(jsonb_build_object('id', ${fileId}::text, 'name', 'Flügel.pdf', 'mediaType', 'application/pdf')))
    from cases c where c.tenant_id = s.tenant_id and c.submission_id = s.id and c.id = ${newest}`);
});
after(() => t.close());

test('without a valid token every endpoint answers 401 with a JSON problem and WWW-Authenticate: Bearer; a cookie session is not accepted', async () => {
  const caseId = caseIds[0]!;
  const endpoints: Call[] = [
    { url: '/api/v1/cases' },
    { url: `/api/v1/cases/${caseId}` },
    { url: `/api/v1/cases/${caseId}/files/${fileId}` },
    { method: 'POST', url: `/api/v1/cases/${caseId}/status`, body: { status: 'in_pruefung' } },
    { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, body: { text: 'Notiz' } },
    { method: 'PUT', url: `/api/v1/cases/${caseId}/assignee`, body: { assigneeId: null } },
  ];
  const token = await clientToken(detmold.tenantId, 'act');
  await owner(sql`update case_api_clients set revoked_at = now(), revoked_by = ${adminId} where token_hash = encode(sha256(convert_to(${token}, 'UTF8')), 'hex')`);
  const staff = await signedInStaff(t, 'detmold', ['admin', 'caseworker']);
  for (const endpoint of endpoints) {
    for (const variant of [undefined, 'kpc_unknown', token, `kpc_${'A'.repeat(43)}`]) {
      const response = await call({ ...endpoint, token: variant });
      assert.equal(response.statusCode, 401, `${endpoint.method ?? 'GET'} ${endpoint.url} with ${variant ?? 'no token'}`);
      assert.match(String(response.headers['www-authenticate']), /^Bearer /);
      assert.equal(json(response).error?.code, 'unauthorized');
      assert.match(json(response).error?.message ?? '', /Bearer/);
    }
    // The signed-in administrator's session cookie (and even its CSRF token) is no way in.
    const cookie = `kp_session=${staff.client.cookie('kp_session')}`;
    const withCookie = await call({ ...endpoint, headers: { cookie } });
    assert.equal(withCookie.statusCode, 401, `${endpoint.url} with a session cookie`);
  }
  const [state] = await owner<{ status: string }>(sql`select status from cases where id = ${caseId}`);
  assert.equal(state?.status, 'eingegangen', 'nothing changed');
});

test('the inbox lists the client\'s cases in keyset pages, filters them, and the listing is audited', async () => {
  const token = await clientToken(detmold.tenantId, 'read');
  const first = await call({ url: '/api/v1/cases?limit=2&q=Apitest', token });
  assert.equal(first.statusCode, 200, first.body);
  const page1 = json(first) as { items: { id: string; reference: string; applicantName: string; status: string; url: string }[]; next: string | null };
  assert.deepEqual(page1.items.map((item) => item.id), caseIds.slice(0, 2));
  assert.ok(page1.next);
  assert.equal(page1.items[0]?.url, `http://portal.test/api/v1/cases/${caseIds[0]}`);
  const second = json(await call({ url: `/api/v1/cases?limit=2&q=Apitest&cursor=${page1.next}`, token })) as typeof page1;
  assert.deepEqual(second.items.map((item) => item.id), caseIds.slice(2, 4));
  // All four without a search, oldest first, over pages of three.
  const oldest = json(await call({ url: '/api/v1/cases?limit=3&sort=oldest', token })) as typeof page1;
  assert.equal(oldest.items.length, 3);
  const rest = json(await call({ url: `/api/v1/cases?limit=3&sort=oldest&cursor=${oldest.next}`, token })) as typeof page1;
  assert.deepEqual([...oldest.items, ...rest.items].map((item) => item.id), [...caseIds].reverse());
  assert.equal(rest.next, null);

  const ids = async (query: string) => (json(await call({ url: `/api/v1/cases?${query}`, token })) as typeof page1).items.map((item) => item.id);
  assert.deepEqual(await ids('q=Dora'), [caseIds[0]]);
  assert.deepEqual(await ids('status=in_pruefung&q=Apitest'), []);
  assert.equal((await ids('assignee=none')).length, 4);
  assert.deepEqual(await ids('overdue=true'), []);
  assert.equal((await ids('service=99001009004002')).length, 4);
  assert.equal((await ids(`receivedFrom=2000-01-01&receivedTo=${new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10)}`)).length, 4);
  assert.deepEqual(await ids('receivedTo=2000-01-01'), []);
  const audited = await owner<{ data: { rows: number; filters: string[] } }>(sql`select data from audit_log where action = 'case.api_listed' and tenant_id = ${detmold.tenantId} order by seq`);
  assert.ok(audited.length >= 2);
  assert.deepEqual(audited[0]?.data.filters, ['q']);
});

test('bad input is 400 with a message naming the problem, never 500', async () => {
  const token = await clientToken(detmold.tenantId, 'act');
  const caseId = caseIds[1]!;
  const cases: [Call, RegExp][] = [
    [{ url: '/api/v1/cases?status=erledigt' }, /status/],
    [{ url: '/api/v1/cases?limit=500' }, /limit/],
    [{ url: '/api/v1/cases?receivedFrom=31.02.2026' }, /receivedFrom/],
    [{ url: '/api/v1/cases?receivedFrom=2026-02-31' }, /receivedFrom/],
    [{ url: '/api/v1/cases?cursor=kaputt' }, /cursor/],
    [{ url: '/api/v1/cases?assignee=jemand' }, /assignee/],
    [{ url: '/api/v1/cases/not-a-uuid' }, /id/],
    [{ url: `/api/v1/cases/${caseId}/files/xyz` }, /fileId/],
    [{ method: 'POST', url: `/api/v1/cases/${caseId}/status`, body: {} }, /status/],
    [{ method: 'POST', url: `/api/v1/cases/${caseId}/status`, body: { status: 42 } }, /status/],
    [{ method: 'POST', url: `/api/v1/cases/${caseId}/status`, body: { status: 'erledigt' } }, /status: .*Statuswechsel/],
    [{ method: 'POST', url: `/api/v1/cases/${caseId}/status`, body: { status: 'abgeschlossen' } }, /status: .*Statuswechsel/],
    [{ method: 'POST', url: `/api/v1/cases/${caseId}/notes`, body: { text: '' } }, /text/],
    [{ method: 'POST', url: `/api/v1/cases/${caseId}/notes`, body: { text: '   ' } }, /text: Die Notiz ist leer/],
    [{ method: 'POST', url: `/api/v1/cases/${caseId}/notes`, body: { text: 'x'.repeat(5001) } }, /text/],
    [{ method: 'POST', url: `/api/v1/cases/${caseId}/notes`, body: 'kein json', headers: { 'content-type': 'application/json' } }, /JSON|json|body/],
    [{ method: 'PUT', url: `/api/v1/cases/${caseId}/assignee`, body: {} }, /assigneeId/],
    [{ method: 'PUT', url: `/api/v1/cases/${caseId}/assignee`, body: { assigneeId: 'niemand' } }, /assigneeId/],
    [{ method: 'PUT', url: `/api/v1/cases/${caseId}/assignee`, body: { assigneeId: '00000000-0000-4000-8000-000000000000' } }, /assigneeId/],
  ];
  for (const [request, message] of cases) {
    const response = await call({ ...request, token });
    assert.equal(response.statusCode, 400, `${request.method ?? 'GET'} ${request.url} ${JSON.stringify(request.body)}: ${response.body}`);
    assert.equal(json(response).error?.code, 'badRequest');
    assert.match(json(response).error?.message ?? '', message, response.body);
  }
  const english = await call({ method: 'POST', url: `/api/v1/cases/${caseId}/status`, token, body: { status: 'abgeschlossen' }, headers: { 'accept-language': 'en-GB,en;q=0.8' } });
  assert.match(json(english).error?.message ?? '', /status: This change of status is not allowed/);
  assert.equal(json(english).error?.field, 'status');
});

test('the detail shows the case, its answers, files and timeline, and writes the read to the audit log; the file downloads byte for byte', async () => {
  const token = await clientToken(detmold.tenantId, 'read');
  const caseId = caseIds[0]!;
  const before = await owner<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'case.api_read' and subject_id = ${caseId}`);
  const response = await call({ url: `/api/v1/cases/${caseId}`, token });
  assert.equal(response.statusCode, 200, response.body);
  assert.equal(response.headers['cache-control'], 'no-store');
  const detail = json(response) as {
    reference: string; status: string; office: { id: string; name: string }; serviceKey: string; applicant: { name: string; email: string };
    answers: Record<string, unknown>; files: { id: string; name: string; sha256: string; url: string }[]; timeline: { kind: string; visibleToApplicant: boolean }[];
  };
  assert.match(detail.reference, /^ANT-/);
  assert.equal(detail.status, 'eingegangen');
  assert.deepEqual(detail.office, { id: detmold.officeId, name: 'Abfallberatung' });
  assert.equal(detail.serviceKey, '99001009004002');
  assert.deepEqual(detail.applicant, { name: 'Dora Apitest', email: 'dora@example.test', userId: null });
  assert.ok(JSON.stringify(detail.answers).includes('Ein Flügel'), 'the answers as stored');
  assert.deepEqual(detail.files.map((file) => [file.id, file.name, file.url]), [[fileId, 'Flügel.pdf', `http://portal.test/api/v1/cases/${caseId}/files/${fileId}`]]);
  assert.deepEqual(detail.timeline.map((event) => [event.kind, event.visibleToApplicant]), [['received', true]]);
  const audited = await owner<{ actor_id: string; data: { clientId: string } }>(sql`select actor_id, data from audit_log where action = 'case.api_read' and subject_id = ${caseId} order by seq`);
  assert.equal(audited.length, (before[0]?.n ?? 0) + 1, 'one audit entry per read');
  const [client] = await owner<{ id: string; user_id: string }>(sql`select id, user_id from case_api_clients where id = ${audited.at(-1)?.data.clientId}`);
  assert.equal(client?.user_id, audited.at(-1)?.actor_id, 'the client\'s technical user read it');

  const download = await call({ url: `/api/v1/cases/${caseId}/files/${fileId}`, token });
  assert.equal(download.statusCode, 200);
  assert.deepEqual(download.rawPayload, fileBytes);
  assert.equal(download.headers['content-type'], 'application/pdf');
  assert.match(String(download.headers['content-disposition']), /^attachment; filename="Flugel\.pdf"; filename\*=UTF-8''Fl%C3%BCgel\.pdf/);
  assert.equal(download.headers['x-content-type-options'], 'nosniff');
  assert.equal((await owner(sql`select 1 from audit_log where action = 'case.api_file_read' and subject_id = ${caseId}`)).length, 1);
  // The same file through the case page's link: the read is audited there too.
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  const page = await worker.client.get(`/verwaltung/vorgaenge/${caseId}/dateien/${fileId}`);
  assert.equal(page.statusCode, 200);
  const pageReads = await owner<{ actor_id: string }>(sql`select actor_id from audit_log where action = 'case.file_read' and subject_id = ${caseId}`);
  assert.deepEqual(pageReads.map((row) => row.actor_id), [worker.userId]);
  // A file of another case, and an unknown file: 404.
  assert.equal((await call({ url: `/api/v1/cases/${caseIds[1]}/files/${fileId}`, token })).statusCode, 404);
  assert.equal((await call({ url: `/api/v1/cases/${caseId}/files/00000000-0000-4000-8000-000000000000`, token })).statusCode, 404);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('an acting client changes the status, writes a note and assigns; the timeline shows it; a read-only client gets 403', async () => {
  const token = await clientToken(detmold.tenantId, 'act');
  const caseId = caseIds[2]!;
  await t.drainOutbox();
  const mailsBefore = t.mails.filter((mail) => mail.to === 'berta@example.test').length;
  const status = await call({ method: 'POST', url: `/api/v1/cases/${caseId}/status`, token, body: { status: 'in_pruefung' } });
  assert.equal(status.statusCode, 200, status.body);
  assert.equal(json(status).status, 'in_pruefung');
  const note = await call({ method: 'POST', url: `/api/v1/cases/${caseId}/notes`, token, body: { text: 'Aus dem Fachverfahren: Termin geprüft.' } });
  assert.equal(note.statusCode, 200, note.body);
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  const assigned = await call({ method: 'PUT', url: `/api/v1/cases/${caseId}/assignee`, token, body: { assigneeId: worker.userId } });
  assert.equal(assigned.statusCode, 200, assigned.body);
  assert.equal(json(assigned).assigneeId, worker.userId);
  const detail = json(await call({ url: `/api/v1/cases/${caseId}`, token })) as { status: string; assignee: { id: string }; timeline: { kind: string; actorName: string | null; data: Record<string, unknown> }[] };
  assert.equal(detail.status, 'in_pruefung');
  assert.equal(detail.assignee.id, worker.userId);
  assert.deepEqual(detail.timeline.map((event) => event.kind), ['received', 'status_changed', 'note', 'assigned']);
  assert.deepEqual(detail.timeline[1]?.data, { from: 'eingegangen', to: 'in_pruefung' });
  assert.equal(detail.timeline[2]?.data.text, 'Aus dem Fachverfahren: Termin geprüft.');
  assert.equal(detail.timeline[1]?.actorName, 'API: Fachverfahren act', 'the client acts under its own name');
  // Unassigning with null.
  const unassigned = await call({ method: 'PUT', url: `/api/v1/cases/${caseId}/assignee`, token, body: { assigneeId: null } });
  assert.equal(json(unassigned).assigneeId, null);
  // The applicant heard of the status change, as from the page.
  await t.drainOutbox();
  assert.equal(t.mails.filter((mail) => mail.to === 'berta@example.test').length, mailsBefore + 1, 'one notice of the new status');

  // The HTML page's assignment list does not offer API clients as people to hand a case to.
  const page = await worker.client.get(`/verwaltung/vorgaenge/${caseId}`);
  const [technical] = await owner<{ user_id: string }>(sql`select user_id from case_api_clients where token_hash = encode(sha256(convert_to(${token}, 'UTF8')), 'hex')`);
  assert.match(page.body, new RegExp(`<option value="${worker.userId}"`));
  assert.ok(!page.body.includes(`<option value="${technical?.user_id}"`), 'no API client in the assignee list');

  const reader = await clientToken(detmold.tenantId, 'read');
  for (const request of [
    { method: 'POST' as const, url: `/api/v1/cases/${caseId}/status`, body: { status: 'rueckfrage' } },
    { method: 'POST' as const, url: `/api/v1/cases/${caseId}/notes`, body: { text: 'Leser' } },
    { method: 'PUT' as const, url: `/api/v1/cases/${caseId}/assignee`, body: { assigneeId: null } },
  ]) {
    const response = await call({ ...request, token: reader });
    assert.equal(response.statusCode, 403, `${request.url}: ${response.body}`);
    assert.equal(json(response).error?.code, 'forbidden');
  }
  assert.equal((await owner(sql`select 1 from case_events where case_id = ${caseId} and data::text like '%Leser%'`)).length, 0);
});

test('another tenant\'s client and a client without the case\'s office get 404 on every endpoint', async () => {
  const caseId = caseIds[3]!;
  const lemgoAdmin = await signedInStaff(t, 'lemgo', ['admin']);
  const lemgo = await clientToken(lemgoTenantId, 'act', [], lemgoAdmin.userId);
  const otherOffice = await owner<{ id: string }>(sql`insert into offices (tenant_id, name, street, postcode, city) values (${detmold.tenantId}, 'Bürgerbüro API', 'Markt 1', '32756', 'Detmold') returning id`);
  const narrow = await clientToken(detmold.tenantId, 'act', [otherOffice[0]!.id]);
  const endpoints: Call[] = [
    { url: `/api/v1/cases/${caseId}` },
    { url: `/api/v1/cases/${caseIds[0]}/files/${fileId}` },
    { method: 'POST', url: `/api/v1/cases/${caseId}/status`, body: { status: 'in_pruefung' } },
    { method: 'POST', url: `/api/v1/cases/${caseId}/notes`, body: { text: 'Fremd' } },
    { method: 'PUT', url: `/api/v1/cases/${caseId}/assignee`, body: { assigneeId: null } },
  ];
  for (const token of [lemgo, narrow]) {
    for (const endpoint of endpoints) {
      const response = await call({ ...endpoint, token });
      assert.equal(response.statusCode, 404, `${endpoint.method ?? 'GET'} ${endpoint.url}: ${response.body}`);
      assert.equal(json(response).error?.code, 'notFound');
      assert.ok(!response.body.includes('Apitest'));
    }
    const list = json(await call({ url: '/api/v1/cases?q=Apitest', token })) as { items: unknown[] };
    assert.deepEqual(list.items, [], 'the inbox holds none of them');
  }
  assert.equal((await owner(sql`select 1 from case_events where case_id = ${caseId} and data::text like '%Fremd%'`)).length, 0);
  const [state] = await owner<{ status: string }>(sql`select status from cases where id = ${caseId}`);
  assert.equal(state?.status, 'eingegangen');
});

test('the OpenAPI document lists the case API with its bearer scheme', async () => {
  const spec = (await t.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { security?: unknown; tags?: string[] }>>; components: { securitySchemes: Record<string, { scheme: string }> } };
  assert.deepEqual(Object.keys(spec.paths['/api/v1/cases'] ?? {}), ['get']);
  assert.deepEqual(Object.keys(spec.paths['/api/v1/cases/{id}'] ?? {}), ['get']);
  assert.deepEqual(Object.keys(spec.paths['/api/v1/cases/{id}/files/{fileId}'] ?? {}), ['get']);
  assert.deepEqual(Object.keys(spec.paths['/api/v1/cases/{id}/status'] ?? {}), ['post']);
  assert.deepEqual(Object.keys(spec.paths['/api/v1/cases/{id}/notes'] ?? {}), ['post']);
  assert.deepEqual(Object.keys(spec.paths['/api/v1/cases/{id}/assignee'] ?? {}), ['put']);
  assert.deepEqual(spec.paths['/api/v1/cases/{id}/status']?.post?.security, [{ bearerAuth: [] }]);
  assert.equal(spec.components.securitySchemes.bearerAuth?.scheme, 'bearer');
  const docs = await t.app.inject({ url: '/api/docs' });
  assert.match(docs.body, /POST \/api\/v1\/cases\/\{id\}\/status/);
});
