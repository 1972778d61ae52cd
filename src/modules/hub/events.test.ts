import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { TestClient } from '../../platform/testing/test-app.ts';
import { hashToken } from './members.ts';
import { auditActions, coordinator, createHubTestApp, idFromLocation, type HubTestApp } from './test-support.ts';

let t: HubTestApp;
before(async () => {
  t = await createHubTestApp();
});
after(() => t.close());

const meeting = { kind: 'meeting', title: 'Digitaler Austausch; Dezember, Teil 1', series: 'Digitaler Austausch der CDOs', date: '03.12.2026', startTime: '09:00', endTime: '10:30', location: 'Videokonferenz, Raum „Lippe“', agenda: '1. Serviceportal\n2. E-Akte', capacity: '' };

async function createMeeting(values: Record<string, string> = {}) {
  const kreis = await coordinator(t, 'kreis-lippe');
  await kreis.client.get('/kooperation/termine/neu');
  const created = await kreis.client.post('/kooperation/termine/neu', { ...meeting, ...values });
  assert.equal(created.statusCode, 303, created.body.slice(0, 1500));
  return { kreis, id: idFromLocation(created.headers.location) };
}

test('a meeting is stored at the right instant (German winter time) and shown with agenda', async () => {
  const { kreis, id } = await createMeeting();
  const [row] = await t.db.ownerTransaction((tx) => tx.query<{ starts_at: Date; ends_at: Date }>(sql`select starts_at, ends_at from hub_events where id = ${id}`));
  assert.equal(row!.starts_at.toISOString(), '2026-12-03T08:00:00.000Z');
  assert.equal(row!.ends_at.toISOString(), '2026-12-03T09:30:00.000Z');
  const page = (await kreis.client.get(`/kooperation/termine/${id}`)).body;
  assert.match(page, /03\.12\.2026, 09:00 – 10:30/);
  const invalid = await kreis.client.post('/kooperation/termine/neu', { ...meeting, date: '2026-13-01', startTime: '25:00', endTime: '08:00' });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /href="#f-date">/);
  assert.match(invalid.body, /href="#f-startTime">Bitte geben Sie eine Uhrzeit im Format HH:MM ein/);
  const backwards = await kreis.client.post('/kooperation/termine/neu', { ...meeting, startTime: '10:00', endTime: '09:00' });
  assert.match(backwards.body, /href="#f-endTime">Das Ende muss nach dem Beginn liegen/);
});

test('the organiser keeps minutes, decisions and action items; the assignee from another municipality ticks hers off', async () => {
  const { kreis, id } = await createMeeting();
  const lemgo = await coordinator(t, 'lemgo');
  await kreis.client.get(`/kooperation/termine/${id}`);
  assert.equal((await kreis.client.post(`/kooperation/termine/${id}/protokoll`, { agenda: '1. Portal', minutes: 'Alle berichten kurz.' })).statusCode, 303);
  assert.equal((await kreis.client.post(`/kooperation/termine/${id}/beschluesse`, { decisionBody: 'Scanner werden gemeinsam beschafft.' })).statusCode, 303);
  assert.equal((await kreis.client.post(`/kooperation/termine/${id}/aufgaben`, { actionBody: 'Bedarf abfragen', assignee: lemgo.userId, actionDue: '15.12.2026' })).statusCode, 303);
  const overview = (await lemgo.client.get('/kooperation')).body;
  assert.match(overview, /Meine offenen Aufgaben[\s\S]*Bedarf abfragen<\/a> \(fällig 15\.12\.2026\)/);

  const page = (await lemgo.client.get(`/kooperation/termine/${id}`)).body;
  assert.match(page, /Scanner werden gemeinsam beschafft\./);
  assert.match(page, /Alle berichten kurz\./);
  assert.match(page, /Tagesordnung, Protokoll, Beschlüsse und Aufgaben pflegt die organisierende Kommune/);
  const [item] = await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from hub_action_items where event_id = ${id}`));
  assert.match(page, new RegExp(`/kooperation/aufgaben/${item!.id}/erledigt`));
  assert.equal((await lemgo.client.post(`/kooperation/aufgaben/${item!.id}/erledigt`, {})).statusCode, 303);
  const [done] = await t.db.ownerTransaction((tx) => tx.query<{ tenant_id: string }>(sql`select tenant_id from hub_action_item_completions where action_item_id = ${item!.id}`));
  assert.equal(done!.tenant_id, t.tenantId('lemgo'));
  assert.match((await lemgo.client.get('/kooperation')).body, /Sie haben keine offenen Aufgaben/);

  // Lemgo does not organise: minutes, decisions, action items and attendance are 403.
  assert.equal((await lemgo.client.post(`/kooperation/termine/${id}/protokoll`, { agenda: '', minutes: 'überschrieben' })).statusCode, 403);
  assert.equal((await lemgo.client.post(`/kooperation/termine/${id}/beschluesse`, { decisionBody: 'Fremd' })).statusCode, 403);
  assert.equal((await lemgo.client.post(`/kooperation/termine/${id}/aufgaben`, { actionBody: 'Fremd' })).statusCode, 403);
  assert.equal((await lemgo.client.post(`/kooperation/termine/${id}/teilnahme`, { present: lemgo.userId })).statusCode, 403);
  // A third municipality, neither assignee nor organiser, cannot tick off the item.
  const [other] = await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`
    insert into hub_action_items (event_id, tenant_id, body) values (${id}, ${t.tenantId('kreis-lippe')}, 'Noch offen') returning id`));
  const lage = await coordinator(t, 'lage');
  assert.equal((await lage.client.post(`/kooperation/aufgaben/${other!.id}/erledigt`, {})).statusCode, 403);
  const [minutes] = await t.db.ownerTransaction((tx) => tx.query<{ minutes: string }>(sql`select minutes from hub_events where id = ${id}`));
  assert.equal(minutes!.minutes, 'Alle berichten kurz.');
  assert.equal((await auditActions(t, t.tenantId('kreis-lippe'), 'hub.decision_recorded')).length, 1);
});

test('a training takes registrations up to its capacity; the organiser records attendance', async () => {
  const { kreis, id } = await createMeeting({ kind: 'training', title: 'Workshop FIM', capacity: '1' });
  const detmold = await coordinator(t, 'detmold');
  const lage = await coordinator(t, 'lage');
  await detmold.client.get(`/kooperation/termine/${id}`);
  assert.equal((await detmold.client.post(`/kooperation/termine/${id}/anmeldung`, {})).statusCode, 303);
  assert.match((await detmold.client.get(`/kooperation/termine/${id}`)).body, /Sie sind angemeldet\./);
  await lage.client.get(`/kooperation/termine/${id}`);
  const full = await lage.client.post(`/kooperation/termine/${id}/anmeldung`, {});
  assert.equal(full.headers.location, `/kooperation/termine/${id}?ausgebucht`);
  assert.equal((await t.db.ownerTransaction((tx) => tx.query(sql`select 1 from hub_registrations where event_id = ${id}`))).length, 1);

  await kreis.client.get(`/kooperation/termine/${id}`);
  assert.equal((await kreis.client.post(`/kooperation/termine/${id}/teilnahme`, { present: detmold.userId })).statusCode, 303);
  assert.match((await detmold.client.get(`/kooperation/termine/${id}`)).body, /Sachbearbeitung \d+ \(Detmold\) · teilgenommen/);
  assert.equal((await detmold.client.post(`/kooperation/termine/${id}/abmeldung`, {})).statusCode, 303);
  assert.equal((await t.db.ownerTransaction((tx) => tx.query(sql`select 1 from hub_registrations where event_id = ${id}`))).length, 0);
});

/** Unfolds and parses an iCalendar text into its events' properties (RFC 5545 §3.1). */
function parseEvents(text: string): Record<string, string>[] {
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of unfolded.split('\r\n')) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return events;
}

test('each member gets a secret calendar feed (stored hashed) with folded lines, CRLF and escaped text', async () => {
  const { id } = await createMeeting({ agenda: `Punkt 1; Punkt 2, mit Komma\n${'Sehr lange Tagesordnung für alle Städte und Gemeinden, '.repeat(3)}` });
  const lemgo = await coordinator(t, 'lemgo');
  const profile = await lemgo.client.get('/kooperation/profil');
  assert.match(profile.body, /Persönliche Kalender-Adresse erzeugen/);
  const created = await lemgo.client.post('/kooperation/profil/kalender', {});
  assert.equal(created.statusCode, 200);
  const url = /<code>(http:\/\/portal\.test\/kooperation\/kalender\/([A-Za-z0-9_-]{43})\.ics)<\/code>/.exec(created.body);
  assert.ok(url, 'the page shows the new address once');
  const token = url[2]!;
  const [stored] = await t.db.ownerTransaction((tx) => tx.query<{ calendar_token_hash: string }>(sql`select calendar_token_hash from hub_profiles where user_id = ${lemgo.userId}`));
  assert.equal(stored!.calendar_token_hash, hashToken(token));
  assert.ok(!stored!.calendar_token_hash.includes(token));
  assert.doesNotMatch((await lemgo.client.get('/kooperation/profil')).body, new RegExp(token), 'shown only once');

  const feed = await new TestClient(t.app).get(`/kooperation/kalender/${token}.ics`);
  assert.equal(feed.statusCode, 200);
  assert.match(String(feed.headers['content-type']), /^text\/calendar; charset=utf-8/);
  const text = feed.body;
  assert.ok(!/[^\r]\n/.test(text), 'CRLF line ends only');
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `too long: ${line}`);
  assert.match(text, /\r\n [^ ]/, 'long lines are folded');
  const [event] = parseEvents(text).filter((e) => e.UID === `${id}@portal.test`);
  assert.ok(event, 'the meeting is in the feed');
  assert.equal(event.SUMMARY, 'Digitaler Austausch\\; Dezember\\, Teil 1');
  assert.equal(event.DTSTART, '20261203T080000Z');
  assert.equal(event.DTEND, '20261203T093000Z');
  assert.match(event.DTSTAMP!, /^\d{8}T\d{6}Z$/);
  assert.equal(event.LOCATION, 'Videokonferenz\\, Raum „Lippe“');
  assert.match(event.DESCRIPTION!, /^Kreis Lippe\\n\\nPunkt 1\\; Punkt 2\\, mit Komma\\n/);

  assert.equal((await new TestClient(t.app).get(`/kooperation/kalender/${'A'.repeat(43)}.ics`)).statusCode, 404);
  assert.equal((await new TestClient(t.app).get('/kooperation/kalender/kurz.ics')).statusCode, 404);
  await lemgo.client.get('/kooperation/profil');
  const renewed = await lemgo.client.post('/kooperation/profil/kalender', {});
  assert.doesNotMatch(renewed.body, new RegExp(token));
  assert.equal((await new TestClient(t.app).get(`/kooperation/kalender/${token}.ics`)).statusCode, 404, 'the old address stops working');
});

test('the member profile is saved and shown in the directory', async () => {
  const lemgo = await coordinator(t, 'lemgo');
  await lemgo.client.get('/kooperation/profil');
  assert.equal((await lemgo.client.post('/kooperation/profil', { roleTitle: 'CDO', topics: 'E-Akte\nOZG', phone: '05261 213-0' })).statusCode, 303);
  const directory = (await lemgo.client.get('/kooperation/mitglieder')).body;
  assert.match(directory, /<td class="kern-table__cell">Lemgo<\/td><td class="kern-table__cell">CDO<\/td><td class="kern-table__cell">E-Akte, OZG<\/td><td class="kern-table__cell">05261 213-0<\/td>/);
  // Another member of Lemgo cannot overwrite the profile: the database allows a profile's own user only.
  const colleague = await coordinator(t, 'lemgo');
  await assert.rejects(
    t.db.transaction({ tenantId: colleague.tenantId, userId: colleague.userId }, (tx) =>
      tx.query(sql`update hub_profiles set role_title = 'gekapert' where user_id = ${lemgo.userId}`)),
    /row-level security/,
  );
});
