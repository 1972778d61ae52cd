/**
 * Demo content of the cooperation hub for Kreis Lippe: the three joint projects the district
 * named (a common service portal, digital files in every administration, the OZG rollout), an
 * idea, meetings, a training, a joint procurement and knowledge articles — every row marked
 * `demo` and shown with the "Beispieldaten" badge; names of people are role names, not persons.
 * Also a year of monthly dashboard snapshots (demo) before the first real one. Idempotent: runs
 * once per database (nothing is added when demo hub content exists), never touches real rows.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne, one } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { demoSeedAccount } from '../offers/index.ts';
import { berlinInstant } from './berlin-time.ts';
import { recordMaturitySnapshots } from './dashboard.ts';
import { berlinToday } from './overview.ts';

export type DemoHubResult = { projects: number; snapshots: number };

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function demoAuthor(tx: Queryable): Promise<string> {
  const existing = await maybeOne<{ id: string }>(tx, sql`select id from users where lower(email) = ${demoSeedAccount.email}`);
  if (existing) return existing.id;
  // '!' is no Argon2 hash and the account is disabled: nobody can sign in with it.
  return (await one<{ id: string }>(tx, sql`
    insert into users (kind, email, password_hash, display_name, disabled_at)
    values ('staff', ${demoSeedAccount.email}, '!', ${demoSeedAccount.displayName}, now()) returning id`)).id;
}

async function seedContent(tx: Queryable, today: string, ids: Map<string, string>, author: string): Promise<number> {
  const id = (slug: string) => {
    const found = ids.get(slug);
    if (!found) throw new Error(`Demo hub: no tenant ${slug}`);
    return found;
  };
  const kreis = id('kreis-lippe');
  const municipalities = [...ids].filter(([slug]) => slug !== 'kreis-lippe').map(([, tenantId]) => tenantId);
  const project = async (tenantId: string, p: { title: string; goal: string; phase: string; status: string; participants: string[]; people: string[]; services: string[] }) =>
    (await one<{ id: string }>(tx, sql`
      insert into hub_projects (tenant_id, title, goal, phase, status, participant_ids, responsible_people, service_keys, demo, created_by)
      values (${tenantId}, ${p.title}, ${p.goal}, ${p.phase}, ${p.status}, ${p.participants}::uuid[], ${p.people}::text[], ${p.services}::text[], true, ${author})
      returning id`)).id;
  const milestone = (projectId: string, tenantId: string, title: string, dueIn: number, done: boolean) =>
    tx.query(sql`insert into hub_milestones (project_id, tenant_id, title, due_on, done_on) values (${projectId}, ${tenantId}, ${title}, ${addDays(today, dueIn)}, ${done ? addDays(today, dueIn) : null})`);
  const update = (projectId: string, tenantId: string, daysAgo: number, status: string, body: string) =>
    tx.query(sql`insert into hub_status_updates (project_id, tenant_id, author_id, reported_on, status, body) values (${projectId}, ${tenantId}, ${author}, ${addDays(today, -daysAgo)}, ${status}, ${body})`);

  const portal = await project(kreis, {
    title: 'Gemeinsames Serviceportal',
    goal: 'Ein Serviceportal für den Kreis und alle 16 Städte und Gemeinden: eine Adresse, ein Konto, dieselben Online-Anträge.\n\nJede Kommune pflegt ihre Angebote selbst; Formulare werden einmal gebaut und von allen übernommen.',
    phase: 'rollout', status: 'im_plan', participants: municipalities,
    people: ['Digitalisierungsbeauftragte Kreis Lippe (Beispiel)', 'IT-Leitung Detmold (Beispiel)'],
    services: ['99008001012000', '99115005104000'],
  });
  await milestone(portal, kreis, 'Pilot mit Detmold und Lemgo', -120, true);
  await milestone(portal, kreis, 'Alle Kommunen mit ihren Angeboten online', 45, false);
  await update(portal, kreis, 60, 'im_plan', 'Pilot abgeschlossen; die Rückmeldungen der Bürgerinnen und Bürger sind eingearbeitet.');
  await update(portal, kreis, 10, 'im_plan', 'Zwölf von 16 Kommunen haben ihre Angebote eingepflegt.');

  const lemgo = id('lemgo');
  const eakte = await project(lemgo, {
    title: 'E-Akte in allen Verwaltungen',
    goal: 'Jede Verwaltung führt ihre Akten elektronisch, revisionssicher und mit Aussonderung an das Archiv. Lemgo teilt seine Erfahrungen aus dem Bauamt.',
    phase: 'umsetzung', status: 'gefaehrdet', participants: [id('detmold'), id('blomberg'), id('lage'), id('bad-salzuflen')],
    people: ['Digitalisierungsbeauftragter Lemgo (Beispiel)'], services: [],
  });
  await milestone(eakte, lemgo, 'Aktenplan abgestimmt', -30, true);
  await milestone(eakte, lemgo, 'Scanner in allen beteiligten Rathäusern', 30, false);
  await update(eakte, lemgo, 14, 'gefaehrdet', 'Die Lieferung der Scanner verzögert sich; die Bedarfsbündelung läuft.');
  await update(eakte, id('detmold'), 7, 'gefaehrdet', 'Detmold: Schulung der Registratur ist geplant, Start hängt an den Scannern.');

  const ozg = await project(kreis, {
    title: 'OZG-Umsetzung',
    goal: 'Die Leistungen nach dem Onlinezugangsgesetz in allen Kommunen online anbieten, mindestens Reifegrad 3. Den Stand zeigt das OZG-Dashboard.',
    phase: 'umsetzung', status: 'im_plan', participants: municipalities,
    people: ['Digitalisierungsbeauftragte Kreis Lippe (Beispiel)'], services: ['99012008001000', '99050012104000', '99036008007000'],
  });
  await milestone(ozg, kreis, 'Alle Kommunen mit Wohngeld online (Stufe 3)', 90, false);
  await update(ozg, kreis, 20, 'im_plan', 'Die Baugenehmigung ist in Detmold, Lemgo, Bad Salzuflen und Lage online beantragbar (Stufe 3).');

  const idea = (await one<{ id: string }>(tx, sql`
    insert into hub_ideas (tenant_id, author_id, title, body, demo)
    values (${id('detmold')}, ${author}, 'Gemeinsamer Chatbot für Bürgeranfragen', 'Ein Chatbot, der häufige Fragen zu Öffnungszeiten, Unterlagen und Gebühren aus den Daten des Serviceportals beantwortet – einmal gebaut, von allen genutzt.', true)
    returning id`)).id;
  for (const slug of ['detmold', 'lage', 'blomberg']) {
    await tx.query(sql`insert into hub_idea_votes (idea_id, tenant_id, voter_id) values (${idea}, ${id(slug)}, ${author})`);
  }
  await tx.query(sql`insert into hub_idea_comments (idea_id, tenant_id, author_id, body) values (${idea}, ${id('lage')}, ${author}, 'Gute Idee. Wichtig: Datenschutz und Barrierefreiheit von Anfang an mitdenken.')`);

  const series = 'Digitaler Austausch der CDOs';
  const event = async (tenantId: string, e: { kind: string; series: string | null; title: string; inDays: number; from: string; to: string; location: string; agenda: string; minutes?: string; capacity?: number }) => {
    const date = addDays(today, e.inDays);
    return (await one<{ id: string }>(tx, sql`
      insert into hub_events (tenant_id, kind, series, title, starts_at, ends_at, location, agenda, minutes, capacity, demo, created_by)
      values (${tenantId}, ${e.kind}, ${e.series}, ${e.title}, ${berlinInstant(date, e.from).toISOString()}, ${berlinInstant(date, e.to).toISOString()},
              ${e.location}, ${e.agenda}, ${e.minutes ?? ''}, ${e.capacity ?? null}, true, ${author}) returning id`)).id;
  };
  const past = await event(kreis, {
    kind: 'meeting', series, title: 'Digitaler Austausch der CDOs', inDays: -28, from: '09:00', to: '10:30', location: 'Videokonferenz (Link im Kalender)',
    agenda: '1. Sachstand Serviceportal\n2. E-Akte: Scanner, Schulungen\n3. Verschiedenes',
    minutes: 'Der Kreis berichtet vom Rollout des Serviceportals. Lemgo stellt den Aktenplan vor; die Kommunen bündeln den Bedarf an Scannern.',
  });
  await tx.query(sql`insert into hub_decisions (event_id, tenant_id, body) values (${past}, ${kreis}, 'Scanner werden gemeinsam beschafft; Lemgo startet die Bedarfsbündelung.')`);
  await tx.query(sql`insert into hub_action_items (event_id, tenant_id, body, due_on) values (${past}, ${kreis}, 'Vorlage für die Bedarfsmeldung an alle Kommunen schicken', ${addDays(today, -14)})`);
  await event(kreis, { kind: 'meeting', series, title: 'Digitaler Austausch der CDOs', inDays: 14, from: '09:00', to: '10:30', location: 'Videokonferenz (Link im Kalender)', agenda: '1. Sachstand der Projekte\n2. Ideen: Chatbot\n3. Termine' });
  await event(id('detmold'), { kind: 'training', series: null, title: 'Workshop: Online-Formulare mit FIM bauen', inDays: 21, from: '13:00', to: '16:00', location: 'Rathaus Detmold, Sitzungssaal', agenda: 'Formulare aus FIM-Stammdatenschemata übernehmen, anpassen und veröffentlichen.', capacity: 20 });

  const procurement = (await one<{ id: string }>(tx, sql`
    insert into hub_procurements (tenant_id, title, description, unit, unit_price_cents, deadline, demo, created_by)
    values (${lemgo}, 'Dokumentenscanner für die E-Akte', 'Einzugsscanner (A4, beidseitig, 60 Seiten je Minute) mit Wartung für vier Jahre.', 'Stück', 85000, ${addDays(today, 30)}, true, ${author})
    returning id`)).id;
  for (const [slug, decision, quantity, budget] of [['lemgo', 'bedarf', 12, 1_020_000], ['detmold', 'bedarf', 20, 1_700_000], ['blomberg', 'kein_bedarf', null, null]] as const) {
    await tx.query(sql`
      insert into hub_procurement_declarations (procurement_id, tenant_id, decision, quantity, budget_cents, contact, declared_by)
      values (${procurement}, ${id(slug)}, ${decision}, ${quantity}, ${budget}, ${decision === 'bedarf' ? 'Zentrale Vergabestelle (Beispiel)' : ''}, ${author})`);
  }

  await tx.query(sql`
    insert into hub_articles (tenant_id, author_id, title, body, project_id, demo) values
    (${lemgo}, ${author}, 'So haben wir die E-Akte im Bauamt eingeführt', 'Wir haben mit einem Aktenplan für das Bauamt angefangen und erst danach das System ausgewählt.\n\nDie Scanner stehen in der Registratur; eingehende Post wird am Tag des Eingangs gescannt. Wichtig war die frühe Beteiligung des Personalrats.', ${eakte}, true),
    (${id('detmold')}, ${author}, 'Online-Terminvergabe im Bürgerbüro', 'Seit der Online-Terminvergabe sind die Wartezeiten im Bürgerbüro deutlich kürzer. Termine für Personalausweise werden zwei Wochen im Voraus freigegeben.', null, true)`);
  return 3;
}

/**
 * A plausible year before the first real snapshot: monthly points that grow towards today's
 * counts (marked demo), for every tenant without earlier snapshots. Then today's real snapshot.
 */
async function seedHistory(db: Database, today: string): Promise<number> {
  await recordMaturitySnapshots(db, today);
  return db.ownerTransaction(async (tx) => {
    const rows = await tx.query(sql`
      insert into ozg_maturity_snapshots (tenant_id, taken_on, offers, online, conform, by_level, demo)
      select s.tenant_id, (date_trunc('month', ${today}::date) - make_interval(months => m))::date,
             greatest(0, round(s.offers * (1 - m * 0.03)))::int,
             greatest(0, round(s.online * (1 - m * 0.07)))::int,
             greatest(0, round(s.conform * (1 - m * 0.075)))::int,
             '{}'::jsonb, true
      from ozg_maturity_snapshots s cross join generate_series(1, 12) m
      where s.taken_on = ${today}::date
        and not exists (select 1 from ozg_maturity_snapshots e where e.tenant_id = s.tenant_id and e.taken_on < ${today}::date)
      on conflict (tenant_id, taken_on) do nothing
      returning tenant_id`);
    return rows.length;
  });
}

export async function seedDemoHub(db: Database, today = berlinToday()): Promise<DemoHubResult> {
  const projects = await db.ownerTransaction(async (tx) => {
    if (await maybeOne(tx, sql`select 1 from hub_projects where demo limit 1`)) return 0;
    const tenants = await tx.query<{ id: string; slug: string }>(sql`select id, slug from tenants order by (kind = 'kreis') desc, name`);
    const ids = new Map(tenants.map((tenant) => [tenant.slug, tenant.id]));
    if (!ids.has('kreis-lippe') || !ids.has('lemgo')) return 0; // another district: no Lippe demo content
    const author = await demoAuthor(tx);
    const created = await seedContent(tx, today, ids, author);
    await appendAudit(tx, { tenantId: ids.get('kreis-lippe')!, actorId: null, action: 'hub.demo_seeded', subjectType: 'hub', data: { projects: created } });
    return created;
  });
  return { projects, snapshots: await seedHistory(db, today) };
}
