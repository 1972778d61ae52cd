import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { verifyAudit } from '../../platform/audit/verify-audit.ts';
import { addStaffUser } from '../accounts/index.ts';
import { berlinInstant } from './berlin-time.ts';
import { digestWeek, isoWeekOf, sendWeeklyDigests } from './digest.ts';
import { createHubTestApp, type HubTestApp } from './test-support.ts';

const baseUrl = 'https://kreisportal.example';

let t: HubTestApp;
type Member = { userId: string; email: string };
let kreis: Member;
let lemgo: Member;
let detmold: Member;
let twoTenants: Member;
let caseworker: Member;
const ids: Record<string, string> = {};

let staffCount = 0;
async function staff(slugs: string[], roles: ('coordinator' | 'caseworker')[] = ['coordinator']): Promise<Member> {
  const email = `digest${++staffCount}.${process.pid}@staff.test`;
  let userId = '';
  for (const slug of slugs) {
    userId = await addStaffUser(t.db, { email, displayName: `Koordination ${staffCount}`, password: 'Passwort der Verwaltung 1', tenantId: t.tenantId(slug), roles });
  }
  return { userId, email };
}

const owner = <Row>(query: ReturnType<typeof sql>) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

async function insert(table: string, row: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(row);
  const [created] = await owner<{ id: string }>(sql`
    insert into ${sql.identifier(table)} (${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)})
    values (${sql.join(Object.values(row).map((value) => sql`${value}`), sql`, `)}) returning id`);
  return created!.id;
}

type Mail = { to: string; subject: string; text: string };
async function mails(): Promise<Mail[]> {
  const rows = await owner<{ payload: Mail }>(sql`select payload from outbox where topic = 'mail.send' order by id`);
  return rows.map((row) => row.payload);
}
const mailTo = (all: Mail[], member: Member) => all.filter((mail) => mail.to === member.email);

before(async () => {
  t = await createHubTestApp();
  kreis = await staff(['kreis-lippe']);
  lemgo = await staff(['lemgo']);
  detmold = await staff(['detmold']);
  twoTenants = await staff(['lemgo', 'detmold']);
  caseworker = await staff(['lemgo'], ['caseworker']);
  await owner(sql`update users set locale = 'en' where id = ${lemgo.userId}`);

  // The reported week of the first digest: Monday 25 May to Sunday 31 May 2026 (summer time).
  const K = t.tenantId('kreis-lippe');
  const D = t.tenantId('detmold');
  const L = t.tenantId('lemgo');
  ids.project = await insert('hub_projects', { tenant_id: D, title: 'Digitale Sitzungsverwaltung', goal: 'Ratsinformationssystem', phase: 'umsetzung', status: 'im_plan', created_at: '2026-04-01T08:00:00Z' });
  const update = (reported: string, created: string, body: string) =>
    insert('hub_status_updates', { project_id: ids.project, tenant_id: D, author_id: detmold.userId, reported_on: reported, status: 'gefaehrdet', body, created_at: created });
  await update('2026-05-20', '2026-05-20T08:00:00Z', 'Alter Sachstand.');
  await update('2026-05-24', '2026-05-24T21:59:59Z', 'Sonntag kurz vor Mitternacht.'); // 23:59:59 in Berlin: the week before
  await update('2026-05-27', '2026-05-27T08:00:00Z', 'Haushaltsmittel fehlen noch.');
  await update('2026-06-01', '2026-05-31T22:00:00Z', 'Montag, null Uhr.'); // 00:00 in Berlin: the next week's
  const idea = (title: string, created: string, tenant = L, author = lemgo.userId) => insert('hub_ideas', { tenant_id: tenant, author_id: author, title, body: 'Beschreibung', created_at: created });
  ids.oldIdea = await idea('Alte Idee', '2026-05-10T08:00:00Z');
  ids.idea = await idea('Chatbot für Bürgeranfragen', '2026-05-26T10:00:00Z');
  ids.laterIdea = await idea('Zu neue Idee', '2026-06-01T07:00:00Z', K, kreis.userId);
  const event = (title: string, starts: string) =>
    insert('hub_events', { tenant_id: K, kind: 'meeting', title, starts_at: starts, ends_at: new Date(Date.parse(starts) + 3600_000).toISOString(), created_at: '2026-04-01T08:00:00Z' });
  ids.oldEvent = await event('Austausch April', '2026-04-30T07:00:00Z');
  ids.event = await event('Digitaler Austausch Mai', '2026-05-28T07:00:00Z');
  await insert('hub_decisions', { event_id: ids.oldEvent, tenant_id: K, body: 'Alter Beschluss.', created_at: '2026-05-01T08:00:00Z' });
  await insert('hub_decisions', { event_id: ids.event, tenant_id: K, body: 'Scanner werden gemeinsam beschafft.', created_at: '2026-05-28T09:00:00Z' });
  await insert('hub_decisions', { event_id: ids.event, tenant_id: K, body: 'Nächster Termin im Juni.', created_at: '2026-05-28T09:05:00Z' });
  const item = (body: string, due: string | null, created = '2026-05-20T08:00:00Z', assignee = lemgo.userId) =>
    insert('hub_action_items', { event_id: ids.event, tenant_id: K, body, assignee_id: assignee, due_on: due, created_at: created });
  await item('Bedarf abfragen', '2026-05-29');
  await item('Scanner bestellen', '2026-06-05');
  await item('Konzept schreiben', '2026-06-20');
  await item('Ohne Frist', null);
  await item('Neue Aufgabe', '2026-06-03', '2026-06-01T08:00:00Z');
  await item('Aufgabe für jemand anderen', '2026-05-29', '2026-05-20T08:00:00Z', detmold.userId);
  const done = await item('Erledigte Aufgabe', '2026-05-30');
  await owner(sql`insert into hub_action_item_completions (action_item_id, tenant_id, done_by) values (${done}, ${L}, ${lemgo.userId})`);
  // The digest of Detmold's member would list that item, but she ticked it off.
  await owner(sql`insert into hub_action_item_completions (action_item_id, tenant_id, done_by)
    select id, ${D}, ${detmold.userId} from hub_action_items where body = 'Aufgabe für jemand anderen'`);
});
after(() => t.close());

test('ISO weeks and the reported week in German time', () => {
  assert.deepEqual(isoWeekOf('2026-11-30'), { week: '2026-W49', monday: '2026-11-30' });
  assert.deepEqual(isoWeekOf('2026-12-06'), { week: '2026-W49', monday: '2026-11-30' });
  assert.deepEqual(isoWeekOf('2027-01-01'), { week: '2026-W53', monday: '2026-12-28' });
  assert.deepEqual(isoWeekOf('2024-12-30'), { week: '2025-W01', monday: '2024-12-30' });
  assert.deepEqual(isoWeekOf('2021-01-03'), { week: '2020-W53', monday: '2020-12-28' });
  const summer = digestWeek(berlinInstant('2026-06-03', '12:00'));
  assert.equal(summer.isoWeek, '2026-W23');
  assert.equal(summer.from.toISOString(), '2026-05-24T22:00:00.000Z');
  assert.equal(summer.to.toISOString(), '2026-05-31T22:00:00.000Z');
  assert.equal(summer.sendFrom.toISOString(), '2026-06-01T05:00:00.000Z');
  const winter = digestWeek(berlinInstant('2026-11-30', '07:00'));
  assert.equal(winter.isoWeek, '2026-W49');
  assert.equal(winter.from.toISOString(), '2026-11-22T23:00:00.000Z');
  // Sunday 23:30 in Berlin is still the week before.
  assert.equal(digestWeek(berlinInstant('2026-11-29', '23:30')).isoWeek, '2026-W48');
});

test('before Monday 07:00 German time nothing is sent', async () => {
  const run = await sendWeeklyDigests(t.db, { baseUrl, now: berlinInstant('2026-06-01', '06:59') });
  assert.deepEqual(run, { isoWeek: '2026-W23', sent: 0, skipped: 'not_yet' });
  assert.deepEqual(await mails(), []);
});

test('each member gets one digest with exactly the new items of the week and their own due action items', async () => {
  const run = await sendWeeklyDigests(t.db, { baseUrl, now: berlinInstant('2026-06-01', '07:10') });
  assert.deepEqual(run, { isoWeek: '2026-W23', sent: 4, skipped: null });
  const all = await mails();
  assert.equal(all.length, 4);
  assert.equal(mailTo(all, caseworker).length, 0, 'no coordinator, no digest');
  for (const member of [kreis, lemgo, detmold, twoTenants]) assert.equal(mailTo(all, member).length, 1);

  const [mail] = mailTo(all, kreis);
  assert.equal(mail!.subject, 'Wochenüberblick der Kooperation 25.05.2026 – 31.05.2026');
  assert.equal(
    mail!.text,
    [
      'Guten Tag,',
      '',
      'das ist neu in der Kooperation der Digitalisierungsbeauftragten in der Woche vom 25.05.2026 bis 31.05.2026:',
      '',
      'Neuer Sachstand in Projekten (1)',
      '- Digitale Sitzungsverwaltung: Status gefährdet, Sachstand vom 27.05.2026 (Detmold)',
      `  ${baseUrl}/kooperation/projekte/${ids.project}`,
      '',
      'Neue Ideen (1)',
      '- Chatbot für Bürgeranfragen (Lemgo)',
      `  ${baseUrl}/kooperation/ideen/${ids.idea}`,
      '',
      'Beschlüsse aus Terminen (1)',
      '- Digitaler Austausch Mai, 28.05.2026: 2 Beschlüsse',
      `  ${baseUrl}/kooperation/termine/${ids.event}`,
      '',
      'Zur Übersicht der Kooperation:',
      `  ${baseUrl}/kooperation`,
      '',
      'Sie erhalten diese E-Mail einmal in der Woche, weil Sie die Rolle „Koordination“ haben und damit Mitglied der Kooperation sind.',
    ].join('\n'),
  );
  // Titles and links only: no text of a report or decision, nothing from before or after the week.
  for (const absent of ['Haushaltsmittel', 'Scanner werden', 'Alte Idee', 'Zu neue Idee', 'Austausch April', '20.05.2026', '24.05.2026', '01.06.2026', 'Aufgabe']) {
    assert.doesNotMatch(mail!.text, new RegExp(absent), absent);
  }

  // Lemgo's member chose English: German first, then English; her own due and overdue items only.
  const [english] = mailTo(all, lemgo);
  assert.equal(english!.subject, 'Wochenüberblick der Kooperation / Weekly digest of the cooperation hub 25.05.2026 – 31.05.2026');
  const [german, second] = english!.text.split('\n---- English ----\n');
  assert.match(german!, /^Guten Tag,/);
  assert.match(
    german!,
    new RegExp(
      'Ihre fälligen Aufgaben \\(2\\)\\n' +
        `- Bedarf abfragen \\(Digitaler Austausch Mai\\), überfällig seit 29\\.05\\.2026\\n  ${baseUrl}/kooperation/termine/${ids.event}\\n` +
        `- Scanner bestellen \\(Digitaler Austausch Mai\\), fällig am 05\\.06\\.2026\\n  ${baseUrl}/kooperation/termine/${ids.event}\\n`,
    ),
  );
  for (const absent of ['Konzept schreiben', 'Ohne Frist', 'Neue Aufgabe', 'Erledigte Aufgabe', 'jemand anderen']) assert.doesNotMatch(english!.text, new RegExp(absent), absent);
  assert.match(second!, /^\nHello,\n/);
  assert.match(second!, /New project status reports \(1\)\n- Digitale Sitzungsverwaltung: status at risk, report of 27\/05\/2026 \(Detmold\)/);
  assert.match(second!, /Your action items due \(2\)\n- Bedarf abfragen \(Digitaler Austausch Mai\), overdue since 29\/05\/2026/);
  assert.doesNotMatch(mailTo(all, kreis)[0]!.text, /English/);
  // Detmold's member ticked off her only item: the digest has no action items section.
  assert.doesNotMatch(mailTo(all, detmold)[0]!.text, /Aufgaben/);

  const rows = await owner<{ tenant_id: string; user_id: string; iso_week: string; status_updates: number; ideas: number; decisions: number; action_items: number }>(sql`
    select tenant_id, user_id, iso_week, status_updates, ideas, decisions, action_items from hub_digests order by sent_at`);
  assert.equal(rows.length, 4);
  const lemgoRow = rows.find((row) => row.user_id === lemgo.userId);
  assert.deepEqual(lemgoRow, { tenant_id: t.tenantId('lemgo'), user_id: lemgo.userId, iso_week: '2026-W23', status_updates: 1, ideas: 1, decisions: 1, action_items: 2 });
  // A coordinator of two municipalities gets one digest, recorded for the first by name.
  assert.deepEqual(rows.filter((row) => row.user_id === twoTenants.userId).map((row) => row.tenant_id), [t.tenantId('detmold')]);
  // The mail job and the audit entry belong to the member's tenant; the chains still verify.
  const jobs = await owner<{ tenant_id: string }>(sql`select tenant_id from outbox where topic = 'mail.send' and payload ->> 'to' = ${lemgo.email}`);
  assert.deepEqual(jobs, [{ tenant_id: t.tenantId('lemgo') }]);
  const audit = await owner<{ subject_id: string; data: Record<string, unknown> }>(sql`
    select subject_id, data from audit_log where tenant_id = ${t.tenantId('lemgo')} and action = 'hub.digest_sent'`);
  assert.deepEqual(audit, [{ subject_id: lemgo.userId, data: { isoWeek: '2026-W23', statusUpdates: 1, ideas: 1, decisions: 1, actionItems: 2 } }]);
  assert.deepEqual((await verifyAudit(t.db)).problems, []);
});

test('a second run in the same week sends nothing, also when its content changed', async () => {
  // A late report still dated in the reported week would not be sent again either: the week is done.
  await insert('hub_ideas', { tenant_id: t.tenantId('lemgo'), author_id: lemgo.userId, title: 'Nachzüglerin', body: 'x', created_at: '2026-05-30T08:00:00Z' });
  const before = (await mails()).length;
  assert.deepEqual(await sendWeeklyDigests(t.db, { baseUrl, now: berlinInstant('2026-06-01', '08:10') }), { isoWeek: '2026-W23', sent: 0, skipped: null });
  assert.deepEqual(await sendWeeklyDigests(t.db, { baseUrl, now: berlinInstant('2026-06-07', '23:50') }), { isoWeek: '2026-W23', sent: 0, skipped: null });
  assert.equal((await mails()).length, before);
  assert.equal((await owner<{ n: number }>(sql`select count(*)::int as n from hub_digests`))[0]!.n, 4);
});

test('concurrent runs (several processes) send each member at most one digest', async () => {
  const before = (await mails()).length;
  const now = berlinInstant('2026-06-08', '07:00');
  const runs = await Promise.all([1, 2, 3].map(() => sendWeeklyDigests(t.db, { baseUrl, now })));
  assert.equal(runs.reduce((sum, run) => sum + run.sent, 0), 4);
  const week = (await mails()).slice(before);
  assert.deepEqual(week.map((mail) => mail.to).sort(), [kreis, lemgo, detmold, twoTenants].map((member) => member.email).sort());
  // The week of 1 to 7 June: the idea of Monday morning and the report of Monday 00:00, nothing older.
  const kreisMail = mailTo(week, kreis)[0]!;
  assert.match(kreisMail.text, /Zu neue Idee \(Kreis Lippe\)/);
  assert.match(kreisMail.text, /Sachstand vom 01\.06\.2026/);
  assert.doesNotMatch(kreisMail.text, /Chatbot|Nachzüglerin|27\.05\.2026|Beschl/);
});

test('a member with nothing new gets no mail; due action items alone are worth one', async () => {
  const before = (await mails()).length;
  const run = await sendWeeklyDigests(t.db, { baseUrl, now: berlinInstant('2026-06-15', '09:00') });
  assert.deepEqual(run, { isoWeek: '2026-W25', sent: 1, skipped: null });
  const week = (await mails()).slice(before);
  assert.deepEqual(week.map((mail) => mail.to), [lemgo.email]);
  assert.doesNotMatch(week[0]!.text, /Sachstand|Ideen|Beschlüsse/);
  assert.match(week[0]!.text, /Ihre fälligen Aufgaben \(4\)/);
  assert.match(week[0]!.text, /Konzept schreiben \(Digitaler Austausch Mai\), fällig am 20\.06\.2026/);
  assert.match(week[0]!.text, /Neue Aufgabe \(Digitaler Austausch Mai\), überfällig seit 03\.06\.2026/);
  const recorded = await owner<{ user_id: string }>(sql`select user_id from hub_digests where iso_week = '2026-W25'`);
  assert.deepEqual(recorded, [{ user_id: lemgo.userId }]);
});

test('a member whose role was revoked gets no digest, and the digest table is the member\'s own under RLS', async () => {
  await owner(sql`delete from tenant_memberships where user_id = ${lemgo.userId} and role = 'coordinator'`);
  const before = (await mails()).length;
  assert.equal((await sendWeeklyDigests(t.db, { baseUrl, now: berlinInstant('2026-06-22', '09:00') })).sent, 0);
  assert.equal((await mails()).length, before);
  // Kreis's member sees her own digest rows only; Detmold's member cannot write one for her.
  const seen = await t.db.transaction({ tenantId: t.tenantId('kreis-lippe'), userId: kreis.userId }, (tx) => tx.query<{ user_id: string }>(sql`select user_id from hub_digests`));
  assert.ok(seen.length > 0 && seen.every((row) => row.user_id === kreis.userId));
  await assert.rejects(
    t.db.transaction({ tenantId: t.tenantId('detmold'), userId: detmold.userId }, (tx) =>
      tx.query(sql`insert into hub_digests (tenant_id, user_id, iso_week, status_updates, ideas, decisions, action_items)
        values (${t.tenantId('detmold')}, ${kreis.userId}, '2026-W30', 0, 0, 0, 0)`),
    ),
    /row-level security/,
  );
});
