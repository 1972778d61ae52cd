import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { voteIdea } from './ideas.ts';
import { auditActions, coordinator, createHubTestApp, idFromLocation, type HubTestApp } from './test-support.ts';

let t: HubTestApp;
before(async () => {
  t = await createHubTestApp();
});
after(() => t.close());

const votes = (ideaId: string) =>
  t.db.ownerTransaction((tx) => tx.query<{ tenant_id: string }>(sql`select tenant_id from hub_idea_votes where idea_id = ${ideaId} order by tenant_id`));

async function postIdea() {
  const detmold = await coordinator(t, 'detmold');
  await detmold.client.get('/kooperation/ideen/neu');
  const posted = await detmold.client.post('/kooperation/ideen/neu', { title: 'Gemeinsame Terminbuchung', body: 'Ein Buchungssystem für alle Bürgerbüros.' });
  assert.equal(posted.statusCode, 303);
  return { detmold, id: idFromLocation(posted.headers.location) };
}

test('a coordinator posts an idea, others comment and vote; each municipality counts once', async () => {
  const { detmold, id } = await postIdea();
  const lemgo = await coordinator(t, 'lemgo');
  await lemgo.client.get(`/kooperation/ideen/${id}`);
  assert.equal((await lemgo.client.post(`/kooperation/ideen/${id}/kommentare`, { commentBody: 'Lemgo ist dabei, wir haben schon eine Ausschreibung.' })).statusCode, 303);
  assert.equal((await lemgo.client.post(`/kooperation/ideen/${id}/stimme`, {})).statusCode, 303);
  assert.equal((await detmold.client.post(`/kooperation/ideen/${id}/stimme`, {})).statusCode, 303);
  // A second Lemgo member votes too: Lemgo still has one vote.
  const lemgoTwo = await coordinator(t, 'lemgo');
  const page = await lemgoTwo.client.get(`/kooperation/ideen/${id}`);
  assert.match(page.body, /Lemgo hat für diese Idee gestimmt/);
  assert.match(page.body, /Stimme von Lemgo zurückziehen/);
  assert.equal((await lemgoTwo.client.post(`/kooperation/ideen/${id}/stimme`, {})).statusCode, 303);
  assert.deepEqual((await votes(id)).map((v) => v.tenant_id).sort(), [t.tenantId('detmold'), t.tenantId('lemgo')].sort());
  const list = await detmold.client.get('/kooperation/ideen');
  assert.match(list.body, /Gemeinsame Terminbuchung<\/a>[\s\S]*?2 Stimmen · 1 Kommentare/);
  assert.equal((await auditActions(t, t.tenantId('lemgo'), 'hub.idea_voted')).length, 1);

  assert.equal((await lemgoTwo.client.post(`/kooperation/ideen/${id}/stimme-zurueckziehen`, {})).statusCode, 303);
  assert.deepEqual((await votes(id)).map((v) => v.tenant_id), [t.tenantId('detmold')]);

  const empty = await lemgo.client.post(`/kooperation/ideen/${id}/kommentare`, { commentBody: '' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /href="#f-commentBody">/);
});

test('two members of one municipality voting at the same moment leave exactly one vote', async () => {
  const { id } = await postIdea();
  const members = await Promise.all([coordinator(t, 'blomberg'), coordinator(t, 'blomberg'), coordinator(t, 'blomberg')]);
  const outcomes = await Promise.all(members.map((m) => voteIdea(t.db, { tenantId: m.tenantId, userId: m.userId }, id)));
  assert.deepEqual(outcomes.filter((o) => o === 'voted').length, 1);
  assert.deepEqual(outcomes.filter((o) => o === 'already').length, 2);
  const responses = await Promise.all(members.map((m) => m.client.post(`/kooperation/ideen/${id}/stimme`, {})));
  assert.ok(responses.every((r) => r.statusCode === 303));
  assert.equal((await votes(id)).length, 1);
  // The constraint itself, not only the code: a plain second insert fails.
  await assert.rejects(
    t.db.transaction({ tenantId: members[1]!.tenantId, userId: members[1]!.userId }, (tx) =>
      tx.query(sql`insert into hub_idea_votes (idea_id, tenant_id, voter_id) values (${id}, ${members[1]!.tenantId}, ${members[1]!.userId})`)),
    /duplicate key|unique/,
  );
});

test('one action turns an idea into a project led by the acting municipality; votes and comments stay visible on it', async () => {
  const { id } = await postIdea();
  const lage = await coordinator(t, 'lage');
  await lage.client.get(`/kooperation/ideen/${id}`);
  await lage.client.post(`/kooperation/ideen/${id}/kommentare`, { commentBody: 'Bitte mit Schnittstelle zum Serviceportal.' });
  await lage.client.post(`/kooperation/ideen/${id}/stimme`, {});
  const converted = await lage.client.post(`/kooperation/ideen/${id}/projekt`, {});
  assert.equal(converted.statusCode, 303);
  const projectId = idFromLocation(converted.headers.location);
  const project = (await lage.client.get(`/kooperation/projekte/${projectId}`)).body;
  assert.match(project, /<h1 class="kern-heading-x-large">Gemeinsame Terminbuchung<\/h1>/);
  assert.match(project, /Federführung<\/dt><dd class="kern-description-list-item__value">Lage/);
  assert.match(project, /Verlauf der Idee/);
  assert.match(project, /Bitte mit Schnittstelle zum Serviceportal\./);
  assert.match(project, /Dafür: Lage/);
  const idea = (await lage.client.get(`/kooperation/ideen/${id}`)).body;
  assert.match(idea, new RegExp(`Aus dieser Idee ist das Projekt „Gemeinsame Terminbuchung“ entstanden[\\s\\S]*href="/kooperation/projekte/${projectId}"`));
  assert.doesNotMatch(idea, /\/projekt" novalidate/);
  // Converting again leads to the same project; the idea's row is unchanged (history kept).
  const again = await (await coordinator(t, 'lemgo')).client.post(`/kooperation/ideen/${id}/projekt`, {});
  assert.equal(idFromLocation(again.headers.location), projectId);
  const [row] = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from hub_projects where idea_id = ${id}`));
  assert.equal(row!.n, 1);
});
