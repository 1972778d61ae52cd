/**
 * The inbox's full-text search through cases_search_candidates (migration 0023) against the plain
 * query it replaced (`c.search @@ …` under RLS, every filter, keyset order) on a generated set:
 * the same cases in the same order, page after page, for every sort, filter and office access;
 * the tab counts likewise up to their cap; and never a case of another tenant.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import { signedInStaff } from '../../platform/testing/signed-in.ts';
import { createTestApp, TestClient, type TestApp } from '../../platform/testing/test-app.ts';
import { conditions, inboxPage, inboxPageSize, searchCountCap, searchWindow, statusCounts, type InboxFilter, type InboxSort } from './inbox-query.ts';
import type { OfficeAccess } from './office-access.ts';
import { applyForSperrmuell, publishSperrmuell } from './test-support.ts';

let t: TestApp;
let detmold: string;
let lemgo: string;
let officeA: string;
let officeB: string;
let workerId: string;

const owner = <Row>(query: SqlFragment) => t.db.ownerTransaction((tx) => tx.query<Row>(query));

/** `count` copies of the tenant's one real case, with generated names, answers, offices, statuses and times. */
async function generate(tenantId: string, prefix: string, count: number, offices: (string | null)[]): Promise<void> {
  await owner(sql`
    with template as (select s.* from submissions s where s.tenant_id = ${tenantId} limit 1),
    gen as (
      select i, gen_random_uuid() as submission_id, ${prefix} || '-' || lpad(i::text, 6, '0') as reference,
        (array['Erika','Max','Anna','Jonas','Lena'])[1 + i % 5] as vorname,
        (array['Müller','Schmidt','Becker','Weber','Yılmaz','Kowalski','Zimmermann'])[1 + (i / 3) % 7] as nachname,
        case when i % 97 = 0 then 'Eine Zither' when i % 3 = 0 then 'Ein altes Klavier' when i % 3 = 1 then 'Ein alter Schrank' else 'Ein altes Sofa' end as item,
        -- Pairs of cases share a timestamp: the id decides their order.
        timestamptz '2026-01-01 00:00:00+00' + ((i / 2) * 3607) * interval '1 second' as received_at,
        (array['eingegangen','in_pruefung','rueckfrage','entschieden','abgeschlossen','zurueckgezogen'])[1 + (i * 5) % 6] as status,
        (${offices}::uuid[])[1 + i % ${offices.length}] as office_id
      from generate_series(1, ${count}) i),
    subs as (
      insert into submissions (tenant_id, id, reference, form_id, version, answers, submitted_at, draft_id, token_hash)
      select ${tenantId}, g.submission_id, g.reference, s.form_id, s.version,
             s.answers || jsonb_build_object('vorname', g.vorname, 'nachname', g.nachname, 'bemerkung', g.item),
             g.received_at, gen_random_uuid(), md5(g.reference) || md5(g.reference || 'x')
      from gen g cross join template s
      returning id, answers)
    insert into cases (tenant_id, reference, submission_id, form_id, form_version, form_title, office_id, status, assignee_id,
                       applicant_name, received_at, due_at, closed_at, search)
    select ${tenantId}, g.reference, g.submission_id, c.form_id, c.form_version, c.form_title, g.office_id, g.status,
           case when g.i % 5 = 0 then ${workerId}::uuid end,
           g.vorname || ' ' || g.nachname, g.received_at, g.received_at + interval '14 days',
           case when g.status in ('entschieden', 'abgeschlossen', 'zurueckgezogen') then g.received_at + interval '20 days' end,
           setweight(to_tsvector('simple', g.vorname || ' ' || g.nachname), 'A') || setweight(to_tsvector('simple', g.reference), 'A')
             || setweight(jsonb_to_tsvector('german', s.answers, '["string", "numeric"]'), 'C')
    from gen g join subs s on s.id = g.submission_id
    cross join (select * from cases where tenant_id = ${tenantId} limit 1) c`);
}

before(async () => {
  t = await createTestApp();
  const published = await publishSperrmuell(t, 'detmold', 'Abfallberatung');
  detmold = published.tenantId;
  officeA = published.officeId!;
  lemgo = (await publishSperrmuell(t, 'lemgo')).tenantId;
  [{ id: officeB }] = await owner<{ id: string }>(sql`
    insert into offices (tenant_id, name, street, postcode, city) values (${detmold}, 'Bürgerbüro', 'Markt 1', '32756', 'Detmold') returning id`) as [{ id: string }];
  workerId = (await signedInStaff(t, 'detmold', ['caseworker'])).userId;
  const person = { vorname: 'Hans', nachname: 'Schrankwand', email: 'hans@example.test' };
  await applyForSperrmuell(new TestClient(t.app), 'detmold', person, 'Eine Eichenkommode');
  await applyForSperrmuell(new TestClient(t.app), 'lemgo', person, 'Eine Eichenkommode');
  await t.drainOutbox();
  // More than `searchCountCap` matches of "alt" and more than `searchWindow` assigned to the worker's searches.
  await generate(detmold, 'DET', 1300, [officeA, officeB, null]);
  await generate(lemgo, 'LEM', 200, [null]);
});
after(() => t.close());

/** The query the inbox ran before migration 0023: the search as a filter on the tenant's cases, under RLS. */
async function plainSearch(tenantId: string, filter: InboxFilter, access: OfficeAccess, sort: InboxSort): Promise<string[]> {
  const where = conditions(tenantId, filter, access);
  if (filter.status) where.push(sql`c.status = ${filter.status}`);
  const order = sort === 'newest' ? sql`c.received_at desc, c.id desc` : sql`c.received_at, c.id`;
  const rows = await t.db.transaction({ tenantId, userId: null }, (tx) =>
    tx.query<{ id: string }>(sql`select c.id from cases c where ${sql.join(where, sql` and `)} order by ${order}`));
  return rows.map((row) => row.id);
}

/** Every page of the inbox, following its "next" links; the sizes of the pages. */
async function allPages(tenantId: string, filter: InboxFilter, access: OfficeAccess, sort: InboxSort): Promise<{ ids: string[]; sizes: number[] }> {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await t.db.transaction({ tenantId, userId: null }, (tx) => inboxPage(tx, tenantId, filter, access, sort, cursor));
    ids.push(...page.rows.map((row) => row.id));
    sizes.push(page.rows.length);
    cursor = page.next;
    assert.ok(sizes.length < 100, 'the pages end');
  } while (cursor);
  return { ids, sizes };
}

test('a search lists the same cases in the same order as the plain query, page after page, for every filter and office access', async () => {
  const filters: InboxFilter[] = [
    { query: 'Becker' },
    { query: 'Erika Becker' },
    { query: 'Zither' },
    { query: 'Klavier', status: 'in_pruefung' },
    { query: 'Klavier', officeId: officeA },
    { query: 'Schrank -Becker' },
    { query: '"altes Sofa" or Zither' },
    { query: 'alt', assignee: workerId },
    { query: 'alt', assignee: 'none', status: 'eingegangen' },
    { query: 'alt', overdue: true },
    { query: 'Müller', receivedFrom: '2026-01-15' },
    // Few of the matches after the cursor pass the filters: pages continue after the last match looked at.
    { query: 'alt', assignee: workerId, receivedFrom: '2026-01-25' },
    { query: 'Niemand' },
    { query: 'der' },
    { query: "'; drop table cases; --" },
  ];
  const accesses: OfficeAccess[] = ['all', [officeA], [officeB], [crypto.randomUUID()]];
  let partial = 0;
  let found = 0;
  for (const filter of filters) {
    for (const access of accesses) {
      for (const sort of ['newest', 'oldest'] as const) {
        const label = `${JSON.stringify(filter)}, access ${String(access)}, ${sort}`;
        const expected = await plainSearch(detmold, filter, access, sort);
        if (expected.length > 0) found++;
        const { ids, sizes } = await allPages(detmold, filter, access, sort);
        assert.deepEqual(ids, expected, label);
        if (sizes.slice(0, -1).some((size) => size < inboxPageSize)) partial++;
      }
    }
  }
  assert.ok(found > 60, `most searches find cases (${found})`);
  assert.ok(partial > 0, `a filter beyond the candidates' own (assignee) needed more than ${searchWindow} candidates for a page`);
  const some = await plainSearch(detmold, { query: 'alt' }, 'all', 'newest');
  assert.ok(some.length > searchCountCap && some.length > searchWindow, 'the set is large enough for the bounds');
});

test('the tab counts of a search equal the counted matches up to the cap, and say capped beyond it', async () => {
  const counted = async (filter: InboxFilter, access: OfficeAccess) => {
    const ids = new Set(await plainSearch(detmold, filter, access, 'newest'));
    const rows = await owner<{ id: string; status: string }>(sql`select id, status from cases where tenant_id = ${detmold}`);
    const counts: Record<string, number> = {};
    for (const row of rows) if (ids.has(row.id)) counts[row.status] = (counts[row.status] ?? 0) + 1;
    return counts;
  };
  let exact = 0;
  let capped = 0;
  const filters: [InboxFilter, OfficeAccess][] = [
    [{ query: 'Becker' }, 'all'], [{ query: 'Erika Becker' }, 'all'], [{ query: 'Erika Becker' }, [officeA]], [{ query: 'Klavier', officeId: officeA }, 'all'],
    [{ query: 'Zither' }, [officeB]], [{ query: 'Zither', assignee: 'none' }, 'all'], [{ query: 'Klavier', assignee: workerId }, [officeA]],
    [{ query: 'Anna Weber', assignee: workerId }, 'all'], [{ query: 'alt' }, 'all'], [{ query: 'Niemand' }, 'all'],
  ];
  for (const [filter, access] of filters) {
    const label = `${JSON.stringify(filter)}, access ${String(access)}`;
    const result = await t.db.transaction({ tenantId: detmold, userId: null }, (tx) => statusCounts(tx, detmold, filter, access));
    const expected = await counted(filter, access);
    // The candidates: the matches in the offices the caseworker sees (and the office filter).
    const candidates = (await plainSearch(detmold, { query: filter.query, officeId: filter.officeId }, access, 'newest')).length;
    assert.equal(result.capped, candidates > searchCountCap, label);
    if (result.capped) {
      capped++;
      for (const [status, count] of result.counts) assert.ok(count <= (expected[status] ?? 0), label);
    } else {
      exact++;
      assert.deepEqual(Object.fromEntries(result.counts), expected, label);
    }
  }
  assert.ok(exact >= 5 && capped >= 2, `${exact} exact, ${capped} capped`);
  // The page: "99+" for all, as the badges say it, and no number per status beyond the cap.
  const worker = await signedInStaff(t, 'detmold', ['caseworker']);
  const broad = (await worker.client.get('/verwaltung/vorgaenge?q=alt')).body;
  assert.match(broad, /Alle <span class="inbox-count">\(99\+\)<\/span>/);
  assert.doesNotMatch(broad, /Eingegangen <span class="inbox-count">/);
  const narrow = (await worker.client.get('/verwaltung/vorgaenge?q=Zither')).body;
  assert.match(narrow, /Alle <span class="inbox-count">\(\d+\)<\/span>/);
  assert.match(narrow, /Eingegangen <span class="inbox-count">\(\d+\)<\/span>/);
});

test('another tenant\'s cases never appear, even when the candidates are asked for with its id', async () => {
  const lemgoIds = new Set((await owner<{ id: string }>(sql`select id from cases where tenant_id = ${lemgo}`)).map((row) => row.id));
  assert.ok(lemgoIds.size > 200);
  const query = sql`websearch_to_tsquery('simple', 'Becker')`;
  for (const [scope, asked] of [[detmold, lemgo], [lemgo, detmold], [null, lemgo]] as const) {
    const rows = await t.db.transaction({ tenantId: scope, userId: null }, (tx) => tx.query<{ id: string }>(sql`
      select id from cases_search_candidates(${asked}, ${query}, null::uuid[], true, null::text, true, null::timestamptz, null::uuid, 1000)`));
    assert.deepEqual(rows, [], `scope ${scope ?? 'none'}, asked for ${asked}`);
  }
  const own = await t.db.transaction({ tenantId: detmold, userId: null }, (tx) => tx.query<{ id: string }>(sql`
    select id from cases_search_candidates(${detmold}, ${query}, null::uuid[], true, null::text, null::boolean, null::timestamptz, null::uuid, 1000)`));
  assert.ok(own.length > 0, 'the own tenant\'s matches');
  assert.ok(own.every((row) => !lemgoIds.has(row.id)));
  // The page and the counts in Detmold's scope: Detmold's cases only, though Lemgo's match too.
  const { ids } = await allPages(detmold, { query: 'Hans Schrankwand' }, 'all', 'newest');
  assert.equal(ids.length, 1);
  assert.ok(!lemgoIds.has(ids[0]!));
  const counts = await t.db.transaction({ tenantId: detmold, userId: null }, (tx) => statusCounts(tx, detmold, { query: 'Becker' }, 'all'));
  const inLemgo = await t.db.transaction({ tenantId: detmold, userId: null }, (tx) => statusCounts(tx, lemgo, { query: 'Becker' }, 'all'));
  assert.ok(counts.counts.size > 0);
  assert.deepEqual([...inLemgo.counts], [], 'asking in Detmold\'s scope for Lemgo\'s counts finds nothing');
  // The app role cannot call the function without being granted it.
  const [grant] = await owner<{ public: boolean }>(sql`select has_function_privilege('public', 'cases_search_candidates(uuid, tsquery, uuid[], boolean, text, boolean, timestamptz, uuid, integer)', 'execute') as public`);
  assert.equal(grant?.public, false);
});
