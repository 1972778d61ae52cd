/**
 * Meetings (the regular online exchange, one named series) with agenda, minutes, decisions and
 * action items; trainings and workshops with registration and attendance. The organising
 * municipality owns the event, its decisions and action items; a registration is the
 * registrant's row, a completed action item a row of whoever ticked it off (assignee or organiser).
 */
import type { Database, Queryable } from '../../platform/db/database.ts';
import { maybeOne } from '../../platform/db/database.ts';
import { sql } from '../../platform/db/sql.ts';
import { HubAccessError, hubWrite, type HubScope } from './access.ts';

export const eventKinds = ['meeting', 'training'] as const;
export type EventKind = (typeof eventKinds)[number];

export type EventSummary = { id: string; kind: EventKind; series: string | null; title: string; startsAt: Date; endsAt: Date; tenantName: string; registrations: number; demo: boolean };

export async function listEvents(tx: Queryable): Promise<EventSummary[]> {
  return tx.query<EventSummary>(sql`
    select e.id, e.kind, e.series, e.title, e.starts_at as "startsAt", e.ends_at as "endsAt", t.name as "tenantName", e.demo,
      (select count(*)::int from hub_registrations r where r.event_id = e.id) as registrations
    from hub_events e join tenants t on t.id = e.tenant_id order by e.starts_at`);
}

export type EventDetail = EventSummary & {
  tenantId: string;
  location: string;
  agenda: string;
  minutes: string;
  capacity: number | null;
  decisions: { body: string; createdAt: Date }[];
  actionItems: { id: string; body: string; assigneeId: string | null; assigneeName: string | null; dueOn: string | null; doneAt: Date | null }[];
  registrants: { userId: string; name: string; tenantName: string; attended: boolean }[];
};

export async function findEvent(tx: Queryable, id: string): Promise<EventDetail | undefined> {
  const event = await maybeOne<Omit<EventDetail, 'decisions' | 'actionItems' | 'registrants'>>(tx, sql`
    select e.id, e.kind, e.series, e.title, e.starts_at as "startsAt", e.ends_at as "endsAt", t.name as "tenantName", e.demo,
      e.tenant_id as "tenantId", e.location, e.agenda, e.minutes, e.capacity,
      (select count(*)::int from hub_registrations r where r.event_id = e.id) as registrations
    from hub_events e join tenants t on t.id = e.tenant_id where e.id = ${id}`);
  if (!event) return undefined;
  return {
    ...event,
    decisions: await tx.query(sql`select body, created_at as "createdAt" from hub_decisions where event_id = ${id} order by created_at, id`),
    actionItems: await tx.query(sql`
      select a.id, a.body, a.assignee_id as "assigneeId", u.display_name as "assigneeName", a.due_on::text as "dueOn", c.done_at as "doneAt"
      from hub_action_items a left join users u on u.id = a.assignee_id left join hub_action_item_completions c on c.action_item_id = a.id
      where a.event_id = ${id} order by a.due_on nulls last, a.created_at`),
    registrants: await tx.query(sql`
      select r.user_id as "userId", u.display_name as name, t.name as "tenantName",
        exists (select 1 from hub_attendance x where x.event_id = r.event_id and x.user_id = r.user_id) as attended
      from hub_registrations r join users u on u.id = r.user_id join tenants t on t.id = r.tenant_id
      where r.event_id = ${id} order by t.name, u.display_name`),
  };
}

export type EventInput = { kind: EventKind; series: string | null; title: string; startsAt: Date; endsAt: Date; location: string; agenda: string; capacity: number | null };

export async function createEvent(db: Database, scope: HubScope, input: EventInput): Promise<string> {
  return hubWrite(db, scope, async (tx, audit) => {
    const [row] = await tx.query<{ id: string }>(sql`
      insert into hub_events (tenant_id, kind, series, title, starts_at, ends_at, location, agenda, capacity, created_by)
      values (${scope.tenantId}, ${input.kind}, ${input.series}, ${input.title}, ${input.startsAt.toISOString()}, ${input.endsAt.toISOString()},
              ${input.location}, ${input.agenda}, ${input.capacity}, ${scope.userId}) returning id`);
    await audit('hub.event_created', 'hub_event', row!.id, { title: input.title, kind: input.kind });
    return row!.id;
  });
}

/** The event if the acting tenant organises it; HubAccessError when another municipality does. */
async function ownEvent(tx: Queryable, scope: HubScope, id: string): Promise<boolean> {
  const event = await maybeOne<{ tenant_id: string }>(tx, sql`select tenant_id from hub_events where id = ${id}`);
  if (event && event.tenant_id !== scope.tenantId) throw new HubAccessError(`Event ${id} is organised by another tenant`);
  return event !== undefined;
}

export async function saveMinutes(db: Database, scope: HubScope, id: string, input: { agenda: string; minutes: string }): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await ownEvent(tx, scope, id))) return 'not_found';
    await tx.query(sql`update hub_events set agenda = ${input.agenda}, minutes = ${input.minutes}, updated_at = now() where id = ${id}`);
    await audit('hub.minutes_saved', 'hub_event', id);
    return 'saved';
  });
}

export async function addDecision(db: Database, scope: HubScope, id: string, body: string): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await ownEvent(tx, scope, id))) return 'not_found';
    await tx.query(sql`insert into hub_decisions (event_id, tenant_id, body) values (${id}, ${scope.tenantId}, ${body})`);
    await audit('hub.decision_recorded', 'hub_event', id, { body });
    return 'saved';
  });
}

export async function addActionItem(db: Database, scope: HubScope, id: string, input: { body: string; assigneeId: string | null; dueOn: string | null }): Promise<'saved' | 'not_found' | 'unknown_assignee'> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await ownEvent(tx, scope, id))) return 'not_found';
    if (input.assigneeId && !(await maybeOne(tx, sql`select 1 from hub_profiles where user_id = ${input.assigneeId}`))) return 'unknown_assignee';
    await tx.query(sql`insert into hub_action_items (event_id, tenant_id, body, assignee_id, due_on) values (${id}, ${scope.tenantId}, ${input.body}, ${input.assigneeId}, ${input.dueOn})`);
    await audit('hub.action_item_added', 'hub_event', id, input);
    return 'saved';
  });
}

/** Ticks an action item off: its assignee (any municipality) or the organising municipality may. */
export async function completeActionItem(db: Database, scope: HubScope, itemId: string): Promise<{ eventId: string } | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    const item = await maybeOne<{ event_id: string; tenant_id: string; assignee_id: string | null }>(tx, sql`
      select event_id, tenant_id, assignee_id from hub_action_items where id = ${itemId}`);
    if (!item) return 'not_found';
    if (item.assignee_id !== scope.userId && item.tenant_id !== scope.tenantId) throw new HubAccessError('Only assignee or organiser complete an item');
    const rows = await tx.query(sql`
      insert into hub_action_item_completions (action_item_id, tenant_id, done_by) values (${itemId}, ${scope.tenantId}, ${scope.userId})
      on conflict (action_item_id) do nothing returning action_item_id`);
    if (rows.length > 0) await audit('hub.action_item_done', 'hub_event', item.event_id, { itemId });
    return { eventId: item.event_id };
  });
}

export async function register(db: Database, scope: HubScope, id: string): Promise<'saved' | 'full' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    // Serialises registrations per event so two last-seat registrations cannot both pass the
    // capacity check (a row lock would need the organiser's update right, which RLS withholds).
    await tx.query(sql`select pg_advisory_xact_lock(hashtext(${'hub_event:' + id}))`);
    const event = await maybeOne<{ capacity: number | null; taken: number }>(tx, sql`
      select e.capacity, (select count(*)::int from hub_registrations r where r.event_id = e.id) as taken
      from hub_events e where e.id = ${id}`);
    if (!event) return 'not_found';
    if (event.capacity !== null && event.taken >= event.capacity) return 'full';
    const rows = await tx.query(sql`
      insert into hub_registrations (event_id, user_id, tenant_id) values (${id}, ${scope.userId}, ${scope.tenantId})
      on conflict (event_id, user_id) do nothing returning event_id`);
    if (rows.length > 0) await audit('hub.registered', 'hub_event', id);
    return 'saved';
  });
}

export async function unregister(db: Database, scope: HubScope, id: string): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    // An event this member cannot see (another district, or none) is 404, as on every other route.
    if ((await tx.query(sql`select 1 from hub_events where id = ${id}`)).length === 0) return 'not_found';
    const rows = await tx.query(sql`delete from hub_registrations where event_id = ${id} and user_id = ${scope.userId} returning event_id`);
    if (rows.length > 0) await audit('hub.unregistered', 'hub_event', id);
    return 'saved';
  });
}

/** The organiser records who attended (registered members only); replaces the previous record. */
export async function recordAttendance(db: Database, scope: HubScope, id: string, present: string[]): Promise<'saved' | 'not_found'> {
  return hubWrite(db, scope, async (tx, audit) => {
    if (!(await ownEvent(tx, scope, id))) return 'not_found';
    await tx.query(sql`delete from hub_attendance where event_id = ${id}`);
    await tx.query(sql`
      insert into hub_attendance (event_id, user_id, tenant_id)
      select event_id, user_id, ${scope.tenantId}::uuid from hub_registrations where event_id = ${id} and user_id = any(${present}::uuid[])`);
    await audit('hub.attendance_recorded', 'hub_event', id, { present });
    return 'saved';
  });
}

export type FeedEvent = { id: string; kind: EventKind; title: string; startsAt: Date; endsAt: Date; location: string; agenda: string; tenantName: string; updatedAt: Date; registered: boolean };

/** Every event the member can see, for the calendar feed (a year back and all ahead). */
export async function listFeedEvents(tx: Queryable, userId: string): Promise<FeedEvent[]> {
  return tx.query<FeedEvent>(sql`
    select e.id, e.kind, e.title, e.starts_at as "startsAt", e.ends_at as "endsAt", e.location, e.agenda, t.name as "tenantName", e.updated_at as "updatedAt",
      exists (select 1 from hub_registrations r where r.event_id = e.id and r.user_id = ${userId}) as registered
    from hub_events e join tenants t on t.id = e.tenant_id
    where e.starts_at > now() - interval '1 year' order by e.starts_at`);
}
