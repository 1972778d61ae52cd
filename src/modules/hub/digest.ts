/**
 * The weekly digest (issue 7: "a weekly e-mail per member with new status updates, ideas,
 * decisions and due action items"). From Monday 07:00 German time, the hourly task sends every
 * hub member — each user with the coordinator role in a tenant of the district (ADR 9) — one
 * e-mail about the previous ISO week (Monday 00:00 to Monday 00:00, German time): new Sachstand
 * of projects, new ideas, decisions of meetings, and the member's own open action items due by
 * the end of the current week (overdue ones included). A member with nothing to read gets no mail.
 *
 * What the digest lists is fixed by the week, not by the moment it runs (only rows written before
 * the week began count, completed action items drop out), so a run on Tuesday after a restart
 * sends what Monday would have sent. At most one digest per member and week: the row in
 * `hub_digests` (migration 0024; primary key tenant, user, ISO week) is inserted in the
 * transaction that queues the mail in the outbox, so concurrent processes and later runs find it.
 *
 * Everything a member's digest lists is read in that member's scope, so RLS shows exactly what
 * the member sees on the hub's pages. The mail carries titles, dates and links, nothing more.
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { queueMail } from '../../platform/mail/mail-jobs.ts';
import { appendAudit } from '../../platform/audit/audit-log.ts';
import { formatDate } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import type { PeriodicTask } from '../../platform/jobs/periodic.ts';
import { assertHubMember, HubAccessError, type HubScope } from './access.ts';
import { berlinInstant } from './berlin-time.ts';
import { berlinToday } from './overview.ts';

/** The digest goes out from this time on Mondays (German time), and later that week if missed. */
export const digestSendTime = '07:00';

const dayMs = 86_400_000;

function addDays(dayIso: string, days: number): string {
  return new Date(Date.parse(`${dayIso}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** The ISO 8601 week of a calendar day ("2026-11-30" → "2026-W49") and its Monday. */
export function isoWeekOf(dayIso: string): { week: string; monday: string } {
  const weekday = (new Date(`${dayIso}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(dayIso, -weekday);
  // The week belongs to the year of its Thursday; its number counts the Thursdays of that year.
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / dayMs / 7) + 1;
  return { week: `${year}-W${String(week).padStart(2, '0')}`, monday };
}

/** The digest week at `now`: its ISO week, the reported previous week as instants, and the days. */
export type DigestWeek = {
  isoWeek: string;
  /** Start (inclusive) and end (exclusive) of the reported week: last Monday 00:00 to this Monday 00:00, German time. */
  from: Date;
  to: Date;
  /** First and last day of the reported week, and the Monday and Sunday of the sending week. */
  firstDay: string;
  lastDay: string;
  monday: string;
  sunday: string;
  /** When the digest of this week is due (Monday 07:00, German time). */
  sendFrom: Date;
};

export function digestWeek(now: Date): DigestWeek {
  const { week, monday } = isoWeekOf(berlinToday(now));
  const firstDay = addDays(monday, -7);
  return {
    isoWeek: week,
    from: berlinInstant(firstDay, '00:00'),
    to: berlinInstant(monday, '00:00'),
    firstDay,
    lastDay: addDays(monday, -1),
    monday,
    sunday: addDays(monday, 6),
    sendFrom: berlinInstant(monday, digestSendTime),
  };
}

export type DigestContent = {
  statusUpdates: { projectId: string; projectTitle: string; status: string; reportedOn: string; tenantName: string }[];
  ideas: { id: string; title: string; tenantName: string }[];
  decisions: { eventId: string; eventTitle: string; startsAt: Date; count: number }[];
  actionItems: { eventId: string; body: string; dueOn: string; eventTitle: string }[];
};

const isEmpty = (content: DigestContent) =>
  content.statusUpdates.length + content.ideas.length + content.decisions.length + content.actionItems.length === 0;

/** What the member's digest of `week` lists, read in the member's scope (RLS: the member's district). */
export async function loadDigest(tx: Queryable, userId: string, week: DigestWeek): Promise<DigestContent> {
  const from = week.from.toISOString();
  const to = week.to.toISOString();
  return {
    statusUpdates: await tx.query(sql`
      select u.project_id as "projectId", p.title as "projectTitle", u.status, u.reported_on::text as "reportedOn", t.name as "tenantName"
      from hub_status_updates u join hub_projects p on p.id = u.project_id join tenants t on t.id = u.tenant_id
      where u.created_at >= ${from}::timestamptz and u.created_at < ${to}::timestamptz
      order by p.title, u.reported_on, u.created_at`),
    ideas: await tx.query(sql`
      select i.id, i.title, t.name as "tenantName" from hub_ideas i join tenants t on t.id = i.tenant_id
      where i.created_at >= ${from}::timestamptz and i.created_at < ${to}::timestamptz
      order by i.created_at, i.id`),
    decisions: await tx.query(sql`
      select e.id as "eventId", e.title as "eventTitle", e.starts_at as "startsAt", count(*)::int as count
      from hub_decisions d join hub_events e on e.id = d.event_id
      where d.created_at >= ${from}::timestamptz and d.created_at < ${to}::timestamptz
      group by e.id, e.title, e.starts_at
      order by e.starts_at, e.id`),
    // The member's own open items due by the end of the sending week (overdue ones too), as they
    // stood when the week began: an item written later is next week's.
    actionItems: await tx.query(sql`
      select a.event_id as "eventId", a.body, a.due_on::text as "dueOn", e.title as "eventTitle"
      from hub_action_items a join hub_events e on e.id = a.event_id
      where a.assignee_id = ${userId} and a.due_on is not null and a.due_on <= ${week.sunday}::date
        and a.created_at < ${to}::timestamptz
        and not exists (select 1 from hub_action_item_completions c where c.action_item_id = a.id)
      order by a.due_on, a.created_at, a.id`),
  };
}

type Texts = {
  subject: string;
  greeting: string;
  intro: string;
  statusUpdates: string;
  ideas: string;
  decisions: string;
  actionItems: string;
  statusLine: (status: string, reportedOn: string, tenant: string) => string;
  decisionLine: (date: string, count: number) => string;
  dueLine: (dueOn: string, overdue: boolean) => string;
  overview: string;
  footer: string;
};

const statusLabels: Record<Locale, Record<string, string>> = {
  de: { im_plan: 'im Plan', gefaehrdet: 'gefährdet', blockiert: 'blockiert' },
  en: { im_plan: 'on track', gefaehrdet: 'at risk', blockiert: 'blocked' },
};

const texts: Record<Locale, Texts> = {
  de: {
    subject: 'Wochenüberblick der Kooperation',
    greeting: 'Guten Tag,',
    intro: 'das ist neu in der Kooperation der Digitalisierungsbeauftragten in der Woche vom {first} bis {last}:',
    statusUpdates: 'Neuer Sachstand in Projekten',
    ideas: 'Neue Ideen',
    decisions: 'Beschlüsse aus Terminen',
    actionItems: 'Ihre fälligen Aufgaben',
    statusLine: (status, reportedOn, tenant) => `Status ${statusLabels.de[status] ?? status}, Sachstand vom ${reportedOn} (${tenant})`,
    decisionLine: (date, count) => `${date}: ${count === 1 ? '1 Beschluss' : `${count} Beschlüsse`}`,
    dueLine: (dueOn, overdue) => (overdue ? `überfällig seit ${dueOn}` : `fällig am ${dueOn}`),
    overview: 'Zur Übersicht der Kooperation:',
    footer: 'Sie erhalten diese E-Mail einmal in der Woche, weil Sie die Rolle „Koordination“ haben und damit Mitglied der Kooperation sind.',
  },
  en: {
    subject: 'Weekly digest of the cooperation hub',
    greeting: 'Hello,',
    intro: 'this is new in the cooperation hub of the digital officers in the week from {first} to {last}:',
    statusUpdates: 'New project status reports',
    ideas: 'New ideas',
    decisions: 'Decisions of meetings',
    actionItems: 'Your action items due',
    statusLine: (status, reportedOn, tenant) => `status ${statusLabels.en[status] ?? status}, report of ${reportedOn} (${tenant})`,
    decisionLine: (date, count) => `${date}: ${count === 1 ? '1 decision' : `${count} decisions`}`,
    dueLine: (dueOn, overdue) => (overdue ? `overdue since ${dueOn}` : `due on ${dueOn}`),
    overview: 'The hub’s overview:',
    footer: 'You receive this e-mail once a week because you hold the coordinator role and are therefore a member of the cooperation hub.',
  },
};

/** User-written titles on one line (a title must not start lines of its own in a plain-text mail). */
function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

const dayDate = (dayIso: string, locale: Locale) => formatDate(new Date(`${dayIso}T12:00:00Z`), locale);

function digestText(content: DigestContent, week: DigestWeek, locale: Locale, baseUrl: string): string {
  const t = texts[locale];
  const link = (path: string) => `  ${baseUrl}${path}`;
  const lines = [t.greeting, '', t.intro.replace('{first}', dayDate(week.firstDay, locale)).replace('{last}', dayDate(week.lastDay, locale))];
  const section = (title: string, entries: string[][]) => {
    if (entries.length === 0) return;
    lines.push('', `${title} (${entries.length})`);
    for (const entry of entries) lines.push(...entry);
  };
  section(
    t.statusUpdates,
    content.statusUpdates.map((u) => [`- ${oneLine(u.projectTitle)}: ${t.statusLine(u.status, dayDate(u.reportedOn, locale), oneLine(u.tenantName))}`, link(`/kooperation/projekte/${u.projectId}`)]),
  );
  section(t.ideas, content.ideas.map((i) => [`- ${oneLine(i.title)} (${oneLine(i.tenantName)})`, link(`/kooperation/ideen/${i.id}`)]));
  section(
    t.decisions,
    content.decisions.map((d) => [`- ${oneLine(d.eventTitle)}, ${t.decisionLine(formatDate(d.startsAt, locale), d.count)}`, link(`/kooperation/termine/${d.eventId}`)]),
  );
  section(
    t.actionItems,
    content.actionItems.map((a) => [`- ${oneLine(a.body)} (${oneLine(a.eventTitle)}), ${t.dueLine(dayDate(a.dueOn, locale), a.dueOn < week.monday)}`, link(`/kooperation/termine/${a.eventId}`)]),
  );
  lines.push('', t.overview, link('/kooperation'), '', t.footer);
  return lines.join('\n');
}

/** The digest mail: German, and English after it for a member who chose English. */
export function digestMail(content: DigestContent, week: DigestWeek, locale: Locale, baseUrl: string): { subject: string; text: string } {
  const period = `${dayDate(week.firstDay, 'de')} – ${dayDate(week.lastDay, 'de')}`;
  const german = digestText(content, week, 'de', baseUrl);
  if (locale !== 'en') return { subject: `${texts.de.subject} ${period}`, text: german };
  return {
    subject: `${texts.de.subject} / ${texts.en.subject} ${period}`,
    text: `${german}\n\n---- English ----\n\n${digestText(content, week, 'en', baseUrl)}`,
  };
}

type Recipient = { userId: string; email: string; locale: Locale; tenantId: string; districtId: string };

/**
 * Every hub member once per district, with the tenant they act for there: the first of their
 * coordinator tenants in the district by name (as on the hub's pages without a session tenant).
 * Read as the owner: the list spans all tenants.
 */
async function listRecipients(db: Database): Promise<Recipient[]> {
  return db.ownerTransaction((tx) =>
    tx.query<Recipient>(sql`
      select distinct on (m.user_id, coalesce(t.parent_id, t.id))
             m.user_id as "userId", u.email, u.locale, m.tenant_id as "tenantId", coalesce(t.parent_id, t.id) as "districtId"
      from tenant_memberships m join users u on u.id = m.user_id join tenants t on t.id = m.tenant_id
      where m.role = 'coordinator' and u.kind = 'staff' and u.disabled_at is null
      order by m.user_id, coalesce(t.parent_id, t.id), t.name, t.id`),
  );
}

export type DigestRun = { isoWeek: string; sent: number; skipped: 'not_yet' | null };

/**
 * Sends the digests of the week `now` falls in that are not sent yet. Idempotent: safe to run
 * hourly and in several processes at once. Each member is one transaction of their own: the
 * digest row, the mail in the outbox and the audit entry commit together or not at all.
 */
export async function sendWeeklyDigests(db: Database, options: { baseUrl: string; now?: Date }): Promise<DigestRun> {
  const now = options.now ?? new Date();
  const week = digestWeek(now);
  if (now < week.sendFrom) return { isoWeek: week.isoWeek, sent: 0, skipped: 'not_yet' };
  const done = await db.ownerTransaction((tx) =>
    tx.query<{ user_id: string; district_id: string }>(sql`
      select user_id, hub_district_of(tenant_id) as district_id from hub_digests where iso_week = ${week.isoWeek}`),
  );
  const sentAlready = new Set(done.map((row) => `${row.user_id}/${row.district_id}`));
  let sent = 0;
  const failures: unknown[] = [];
  for (const recipient of await listRecipients(db)) {
    if (sentAlready.has(`${recipient.userId}/${recipient.districtId}`)) continue;
    // One member's failure must not keep the others' digests back; the next run tries again.
    try {
      if (await sendDigest(db, recipient, week, options.baseUrl)) sent++;
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} hub digest(s) of ${week.isoWeek} failed (${sent} sent)`);
  return { isoWeek: week.isoWeek, sent, skipped: null };
}

async function sendDigest(db: Database, recipient: Recipient, week: DigestWeek, baseUrl: string): Promise<boolean> {
  const scope: HubScope = { tenantId: recipient.tenantId, userId: recipient.userId };
  return db
    .transaction(scope, async (tx) => {
      // The role may have gone since the list was read: then no digest (RLS would show nothing anyway).
      await assertHubMember(tx, scope);
      const content = await loadDigest(tx, recipient.userId, week);
      if (isEmpty(content)) return false;
      const claimed = await tx.query(sql`
        insert into hub_digests (tenant_id, user_id, iso_week, status_updates, ideas, decisions, action_items)
        select ${scope.tenantId}::uuid, ${scope.userId}::uuid, ${week.isoWeek}::text, ${content.statusUpdates.length}::int, ${content.ideas.length}::int,
               ${content.decisions.length}::int, ${content.actionItems.length}::int
        where not exists (
          select 1 from hub_digests d
          where d.user_id = ${scope.userId}::uuid and d.iso_week = ${week.isoWeek}::text
            and hub_district_of(d.tenant_id) = hub_district_of(${scope.tenantId}::uuid))
        on conflict (tenant_id, user_id, iso_week) do nothing
        returning user_id`);
      if (claimed.length === 0) return false;
      await queueMail(tx, scope.tenantId, { to: recipient.email, ...digestMail(content, week, recipient.locale, baseUrl) });
      await appendAudit(tx, {
        tenantId: scope.tenantId,
        actorId: null,
        action: 'hub.digest_sent',
        subjectType: 'hub_digest',
        subjectId: scope.userId,
        data: { isoWeek: week.isoWeek, statusUpdates: content.statusUpdates.length, ideas: content.ideas.length, decisions: content.decisions.length, actionItems: content.actionItems.length },
      });
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof HubAccessError) return false;
      throw error;
    });
}

/** Hourly, like the other housekeeping; sends only from Monday 07:00 and once per member and week. */
export function hubDigestTask(db: Database, config: { baseUrl: string }): PeriodicTask {
  return { name: 'hub.digest', intervalMs: 3600_000, run: () => sendWeeklyDigests(db, { baseUrl: config.baseUrl }) };
}
