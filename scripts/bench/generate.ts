/**
 * The seeded, deterministic data of the benchmark, on a PostgreSQL database of its own:
 *   - the schema (migrations), the district (seeds/kreis-lippe.json), the full service catalog
 *     (seeds/catalog), the demo offers and the demo forms: the same functions `kreisportal start` uses;
 *   - one caseworker of the Kreis (no office membership: sees the whole tenant, the widest inbox);
 *   - N cases across the 17 tenants, each with its submission, written by set-based SQL in chunks
 *     of 50,000 rows (generate_series, one transaction a chunk). Every value derives from the row
 *     number i alone (ids are md5-derived UUIDs, reference BEN-0000000i), so two runs give the same
 *     rows, and a chunk that is already recorded in `bench_progress` is skipped: an interrupted
 *     run resumes, a larger --cases adds only the missing chunks.
 * The Kreis receives 40% of the cases (vehicle registration, driving licences, Elterngeld), each of
 * the 16 municipalities 3.75%. Status, office, names and answers are spread by multiplicative
 * hashing of i. Generated cases have no timeline rows and no audit entries: no workload reads them.
 * Every generated case points at a published form version and its answers are valid for it (the
 * demo forms' walks, or the benchmark's own "Allgemeiner Antrag" where a tenant has no demo form),
 * so its case page opens; repairAnswers fits the answers of rows written by older runs in place.
 *
 *   node scripts/bench/generate.ts [--cases N]
 */
import pg from 'pg';
import type { Database } from '../../src/platform/db/database.ts';
import { sql } from '../../src/platform/db/sql.ts';
import { listMigrations, migrate } from '../../src/platform/db/migrate.ts';
import { openPostgres } from '../../src/platform/db/postgres-driver.ts';
import { defaultDistrictFile } from '../../src/platform/testing/test-database.ts';
import { seedDistrict } from '../../src/modules/tenants/index.ts';
import { countServices, importCatalog } from '../../src/modules/catalog/index.ts';
import { demoSeedAccount, seedDemoForms, seedDemoOffers } from '../../src/modules/offers/index.ts';
import { addStaffUser } from '../../src/modules/accounts/index.ts';
import type { FormDefinition } from '../../src/modules/forms/definition/types.ts';
import type { Answers } from '../../src/modules/forms/runtime/answers.ts';
import { pruneAnswers, withStepAnswers } from '../../src/modules/forms/runtime/journey.ts';
import { exampleForm } from '../../src/modules/forms/runtime/test-fixtures.ts';
import { validateStep } from '../../src/modules/forms/runtime/validate-step.ts';
import { definitionSha256, importDefinition } from '../../src/modules/forms/store/index.ts';
import { walks } from '../../src/modules/forms/web/demo-form-walks.ts';
import { todayInGermany } from '../../src/modules/forms/web/published.ts';
import { readOptions } from './options.ts';

export const chunkSize = 50_000;
export const benchCaseworker = { email: 'sachbearbeitung@kreis-lippe.bench', password: 'bench-password-not-a-secret', tenantSlug: 'kreis-lippe' } as const;

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Creates the benchmark database on the server when it does not exist yet. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Benchmark database name "${name}" must be a plain lower-case identifier`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}

/** The migrations up to the cases table: the generated data depends on them. */
const dataMigrations = 10;

/**
 * Bench database only: while a migration newer than the generated data is still being written
 * (its file changes between runs), drop what the changed migration and every later applied one
 * created (tables and functions named by their `create` statements) and let migrate apply them
 * again, instead of regenerating a million cases. A change to an older migration needs a new
 * benchmark database (drop it; the generator recreates it).
 */
async function resetChangedMigrations(db: Database): Promise<void> {
  const exists = await db.ownerTransaction((tx) => tx.query(sql`select 1 from pg_tables where tablename = 'schema_migrations'`));
  if (exists.length === 0) return;
  const applied = new Map((await db.ownerTransaction((tx) => tx.query<{ version: number; checksum: string }>(sql`select version, checksum from schema_migrations`))).map((row) => [row.version, row.checksum]));
  const files = listMigrations();
  const changed = files.filter((m) => applied.has(m.version) && applied.get(m.version) !== m.checksum).map((m) => m.version);
  if (changed.length === 0) return;
  const first = Math.min(...changed);
  if (first <= dataMigrations) throw new Error(`Migration ${first} changed after the benchmark data was generated: drop the benchmark database and run again`);
  const later = files.filter((m) => m.version >= first && applied.has(m.version));
  const statements: string[] = [];
  for (const migration of later.reverse()) {
    for (const match of migration.text.matchAll(/create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi)) statements.push(`drop table if exists ${match[1]} cascade`);
    for (const match of migration.text.matchAll(/create\s+(?:or\s+replace\s+)?function\s+([a-z_][a-z0-9_]*)/gi)) statements.push(`drop function if exists ${match[1]} cascade`);
    // What a migration adds to older tables: columns, triggers, indexes.
    for (const match of migration.text.matchAll(/alter\s+table\s+([a-z_][a-z0-9_]*)\s+add\s+column\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi)) statements.push(`alter table if exists ${match[1]} drop column if exists ${match[2]} cascade`);
    for (const match of migration.text.matchAll(/create\s+(?:or\s+replace\s+)?trigger\s+([a-z_][a-z0-9_]*)[\s\S]*?\son\s+([a-z_][a-z0-9_]*)/gi)) statements.push(`drop trigger if exists ${match[1]} on ${match[2]}`);
    for (const match of migration.text.matchAll(/create\s+(?:unique\s+)?index\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi)) statements.push(`drop index if exists ${match[1]}`);
  }
  log(`  migrations from ${first} on changed since the last run: dropping their objects to apply them again`);
  await db.execScript(`begin; ${statements.join('; ')}; delete from schema_migrations where version >= ${first}; commit;`);
}

/** Schema, district, catalog, demo offers and forms, the bench caseworker: each step skips what exists. */
export async function prepareBase(db: Database): Promise<void> {
  await resetChangedMigrations(db);
  await migrate(db);
  const tenants = await db.ownerTransaction((tx) => tx.query(sql`select 1 from tenants limit 1`));
  if (tenants.length === 0) await seedDistrict(db, defaultDistrictFile);
  if ((await db.ownerTransaction(countServices)) === 0) {
    const started = performance.now();
    await importCatalog(db);
    log(`  catalog imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  await seedDemoOffers(db);
  await seedDemoForms(db);
  const [kreis] = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = ${benchCaseworker.tenantSlug}`));
  if (!kreis) throw new Error(`No tenant ${benchCaseworker.tenantSlug}: the district seed is not Kreis Lippe`);
  const known = await db.ownerTransaction((tx) => tx.query(sql`select 1 from users where lower(email) = ${benchCaseworker.email}`));
  if (known.length === 0) {
    await addStaffUser(db, { email: benchCaseworker.email, displayName: 'Benchmark Sachbearbeitung Kreis', password: benchCaseworker.password, tenantId: kreis.id, roles: ['caseworker'] });
  }
}

/**
 * The form of a tenant that publishes none of the demo forms (the Kreis): a real published form,
 * "Allgemeiner Antrag", whose fields are exactly the generated answers, so its case pages open
 * like any other. Its id derives from the tenant (md5), as the generated rows of earlier runs
 * already reference it.
 */
export const genericFormSlug = 'benchmark-allgemeiner-antrag';
const text = (de: string, en: string) => ({ de, en });
export const genericFormDefinition: FormDefinition = (() => {
  const result = importDefinition(JSON.stringify({
    formatVersion: 1,
    id: genericFormSlug,
    title: text('Allgemeiner Antrag', 'General application'),
    intro: text('Formular der Lastmessung (scripts/bench/generate.ts): für die erzeugten Vorgänge, nicht für Bürgerinnen und Bürger.', 'Form of the benchmark (scripts/bench/generate.ts): for the generated cases, not for citizens.'),
    steps: [
      {
        id: 'antragsteller',
        title: text('Wer stellt den Antrag?', 'Who is applying?'),
        fields: [
          { id: 'vorname', type: 'text', label: text('Vorname', 'First name'), required: true, maxLength: 100 },
          { id: 'nachname', type: 'text', label: text('Nachname', 'Last name'), required: true, maxLength: 100 },
          { id: 'email', type: 'email', label: text('E-Mail-Adresse', 'Email address') },
          { id: 'anschrift', type: 'address', label: text('Anschrift', 'Address'), required: true },
        ],
      },
      {
        id: 'anliegen',
        title: text('Ihr Anliegen', 'Your request'),
        fields: [{ id: 'bemerkung', type: 'textarea', label: text('Worum geht es?', 'What is it about?'), required: true, maxLength: 2000 }],
      },
    ],
    declaration: {
      text: text('Ich versichere, dass meine Angaben richtig und vollständig sind.', 'I confirm that my answers are correct and complete.'),
      confirmLabel: text('Ich bestätige diese Erklärung.', 'I confirm this declaration.'),
    },
  }));
  if (!result.ok) throw new Error(`The benchmark form is not a valid form definition: ${JSON.stringify(result.problems.slice(0, 5))}`);
  return result.definition;
})();

/** The generic form's answers with placeholders: every key is replaced per row (personSql). */
const genericTemplate: Answers = { vorname: '', nachname: '', email: '', anschrift: { street: '', postcode: '', place: '' }, bemerkung: '' };

/**
 * Valid answers of each demo form: the walk of demo-form-walks.ts (the answers the walk-through
 * tests submit) validated step by step against the published definition, as the step routes
 * store them. Per row the applicant's name, e-mail and address replace the walk's (personSql).
 */
function demoTemplates(definitions: Map<string, FormDefinition>): Map<string, Answers> {
  const today = todayInGermany();
  const templates = new Map<string, Answers>();
  for (const walk of walks) {
    const slug = exampleForm(walk.form).id;
    const definition = definitions.get(slug);
    if (!definition || templates.has(slug)) continue;
    let answers: Answers = {};
    for (const [stepId, fields] of walk.steps) {
      const step = validateStep(definition, stepId, fields, { today, answers });
      if (step.issues.length > 0) throw new Error(`The walk "${walk.name}" does not fit the published ${slug}: ${JSON.stringify(step.issues)}`);
      answers = withStepAnswers(definition, answers, stepId, step.answers);
    }
    templates.set(slug, pruneAnswers(definition, answers));
  }
  return templates;
}

/**
 * The answers of one generated submission: the form's template with those keys of the person
 * (a jsonb object built by personSql) that the template has. Both arguments are SQL expressions.
 */
const answersSql = (template: string, person: string) =>
  `(${template} || coalesce((select jsonb_object_agg(p.key, p.value) from jsonb_each(${person}) p where ${template} ? p.key), '{}'::jsonb))`;
/** The person of a row under every field id the forms use for it. */
const personSql = (vorname: string, nachname: string, email: string, address: string, remark: string) =>
  `jsonb_build_object('vorname', ${vorname}, 'vornamen', ${vorname}, 'nachname', ${nachname}, 'email', ${email},
     'anschrift', ${address}, 'abholanschrift', ${address}, 'wohnanschrift', ${address}, 'bemerkung', ${remark})`;

/**
 * Publishes the generic form (with the id the generated rows reference) for every tenant that
 * publishes no other form. Inserted directly, once: a published version is immutable (migration
 * 0005), so an existing one is left as it is (`on conflict do nothing`).
 */
async function ensureGenericForms(client: pg.PoolClient): Promise<void> {
  const definition = JSON.stringify(genericFormDefinition);
  await client.query(`
    with author as (select id from users where lower(email) = $3),
    targets as (
      select t.id as tenant_id, md5('kreisportal-bench-form-' || t.id)::uuid as form_id from tenants t
      where not exists (select 1 from forms f join form_versions v on v.tenant_id = f.tenant_id and v.form_id = f.id and v.status = 'published'
                        where f.tenant_id = t.id and f.slug <> $4)),
    new_forms as (
      insert into forms (tenant_id, id, slug, title)
      select tenant_id, form_id, $4, $5 from targets on conflict do nothing returning tenant_id, id)
    insert into form_versions (tenant_id, form_id, version, status, definition, definition_sha256, created_by, published_at, published_by)
    select t.tenant_id, t.form_id, 1, 'published', $1::jsonb, $2, a.id, now(), a.id
    from targets t cross join author a
    where not exists (select 1 from form_versions v where v.tenant_id = t.tenant_id and v.form_id = t.form_id)
    on conflict do nothing`, [definition, definitionSha256(genericFormDefinition), demoSeedAccount.email, genericFormSlug, genericFormDefinition.title.de]);
  const missing = (await client.query(`
    select count(*)::int as n from tenants t
    where not exists (select 1 from form_versions v where v.tenant_id = t.id and v.status = 'published')`)).rows[0]?.n;
  if (missing) throw new Error(`${missing} tenants have no published form after publishing the benchmark form (is the demo seed account missing?)`);
}

/**
 * Helper tables of the generator (not part of the schema; only in the benchmark database):
 * tenants numbered 0..16 (the Kreis first), and per tenant its published forms with the office
 * and processing days of the offer the form applies for, and the answers template of the form.
 * A tenant without a demo form uses the generic form (ensureGenericForms).
 */
async function prepareHelperTables(client: pg.PoolClient): Promise<void> {
  await ensureGenericForms(client);
  const published = (await client.query<{ slug: string; definition: FormDefinition }>(`
    select distinct on (f.slug) f.slug, v.definition from forms f
    join form_versions v on v.tenant_id = f.tenant_id and v.form_id = f.id and v.status = 'published'
    order by f.slug, v.version desc`)).rows;
  const templates = demoTemplates(new Map(published.map((row) => [row.slug, row.definition])));
  templates.set(genericFormSlug, genericTemplate);
  await client.query(`
    create table if not exists bench_progress (chunk integer primary key, rows integer not null, done_at timestamptz not null default now());
    drop table if exists bench_tenants, bench_forms, bench_templates;
    create table bench_tenants as
      select (row_number() over (order by kind = 'kreis' desc, slug) - 1)::int as n, id, name from tenants;
    create table bench_templates (slug text primary key, template jsonb not null);`);
  await client.query('insert into bench_templates (slug, template) select key, value from jsonb_each($1::jsonb)', [JSON.stringify(Object.fromEntries(templates))]);
  await client.query(`
    create table bench_forms as
      with published as (
        select distinct on (v.tenant_id, v.form_id) v.tenant_id, v.form_id, v.version, v.definition
        from form_versions v where v.status = 'published' order by v.tenant_id, v.form_id, v.version desc),
      routed as (
        select p.tenant_id, p.form_id, p.version, p.definition -> 'title' ->> 'de' as title, p.definition ->> 'id' as slug,
               p.definition -> 'serviceKeys' ->> 0 as service_key, o.office_id, o.processing_days
        from published p left join offers o on o.tenant_id = p.tenant_id and o.service_key = p.definition -> 'serviceKeys' ->> 0)
      select t.n as tenant_n, r.form_id, r.version, r.title, s.key as service_key, r.office_id, coalesce(r.processing_days, 30) as processing_days,
             (row_number() over (partition by t.n order by r.form_id) - 1)::int as k, b.template
      from bench_tenants t join routed r on r.tenant_id = t.id left join services s on s.key = r.service_key
      -- Only forms with answers to give: a tenant's own non-demo form is left out.
      join bench_templates b on b.slug = r.slug;
    create index on bench_forms (tenant_n, k);`);
  const without = (await client.query<{ n: number }>('select count(*)::int as n from bench_tenants t where not exists (select 1 from bench_forms f where f.tenant_n = t.n)')).rows[0]?.n;
  if (without) throw new Error(`${without} tenants have no form the generator can answer`);
}

/**
 * Earlier runs wrote every generated submission with the generic answers, whatever the form:
 * a case page then showed a demo form (Hundeanmeldung, ...) with answers it does not ask for.
 * Rewrites those answers (the row's person kept) to the form's template, and the case's search
 * vector with them. Idempotent: a row with its form's answers has no `bemerkung` any more.
 */
async function repairAnswers(client: pg.PoolClient): Promise<void> {
  const started = performance.now();
  const result = await client.query(`
    with fixed as (
      update submissions s
      set answers = ${answersSql('f.template', personSql(`s.answers -> 'vorname'`, `s.answers -> 'nachname'`, `s.answers -> 'email'`, `s.answers -> 'anschrift'`, `s.answers -> 'bemerkung'`))}
      from bench_forms f join bench_tenants t on t.n = f.tenant_n
      where s.tenant_id = t.id and s.form_id = f.form_id and s.version = f.version and s.reference like 'BEN-%'
        and s.answers ? 'bemerkung' and not f.template ? 'bemerkung'
      returning s.tenant_id, s.id, s.answers)
    update cases c
    set search = setweight(to_tsvector('simple', c.applicant_name), 'A') || setweight(to_tsvector('simple', c.reference), 'A')
                 || setweight(jsonb_to_tsvector('german', fixed.answers, '["string", "numeric"]'), 'C')
    from fixed where c.tenant_id = fixed.tenant_id and c.submission_id = fixed.id`);
  if ((result.rowCount ?? 0) > 0) {
    log(`  answers of ${result.rowCount!.toLocaleString('en')} generated submissions fitted to their forms in ${((performance.now() - started) / 1000).toFixed(1)} s; vacuum analyze`);
    await client.query('vacuum (analyze) submissions, cases');
  }
}

/** One chunk: rows first..last of the series, submissions and cases, recorded in the same transaction. */
async function generateChunk(client: pg.PoolClient, chunk: number, first: number, last: number): Promise<void> {
  await client.query('begin');
  try {
    await client.query(`
      create temp table bench_chunk on commit drop as
      with series as (
        select i,
               (i * 2654435761) % 4294967296 as h1,
               (i * 40503 + 7) % 65521 as h2,
               (i * 69069 + 1) % 1000003 as h3
        from generate_series($1::bigint, $2::bigint) i),
      placed as (
        select s.*, case when s.h1 % 1000 < 400 then 0 else 1 + (s.h1 / 1000) % 16 end as tenant_n from series s),
      named as (
        select p.*,
          (array['Erika','Max','Anna','Jonas','Lena','Paul','Mia','Ben','Emma','Finn','Sofia','Elias','Hannah','Noah','Lea','Leon',
                 'Deniz','Aylin','Mehmet','Olga','Piotr','Fatima','Yusuf','Marta','Luca','Greta','Karl','Ida','Jan','Nele'])[1 + p.h2 % 30] as vorname,
          (array['Müller','Schmidt','Schneider','Fischer','Weber','Meyer','Wagner','Becker','Schulz','Hoffmann','Koch','Richter','Klein',
                 'Wolf','Schröder','Neumann','Schwarz','Braun','Zimmermann','Krüger','Yılmaz','Kaya','Nowak','Kowalski','Hartmann','Lange',
                 'Krause','Lehmann','Köhler','Brinkmann','Kuhlmann','Niemeyer','Tölle','Hagedorn','Stratmann','Wiemann'])[1 + p.h3 % 36] as nachname,
          (array['Lange Straße','Bahnhofstraße','Hauptstraße','Krumme Straße','Bruchstraße','Paulinenstraße','Hornsche Straße',
                 'Mittelstraße','Breite Straße','Echternstraße','Kirchstraße','Mühlenweg'])[1 + p.h1 % 12] as street
        from placed p)
      select n.i, t.id as tenant_id, f.form_id, f.version, f.title, f.service_key, f.office_id, f.processing_days,
             md5('kreisportal-bench-submission-' || n.i)::uuid as submission_id,
             md5('kreisportal-bench-case-' || n.i)::uuid as case_id,
             md5('kreisportal-bench-draft-' || n.i)::uuid as draft_id,
             md5('kreisportal-bench-token-' || n.i) || md5('kreisportal-bench-token2-' || n.i) as token_hash,
             'BEN-' || lpad(n.i::text, 8, '0') as reference,
             n.vorname || ' ' || n.nachname as applicant_name,
             lower(translate(n.vorname || '.' || n.nachname, 'üöäıß', 'uoais')) || '@example.test' as applicant_email,
             -- Three years back from a fixed day, microseconds apart so (received_at, id) is rarely tied.
             timestamptz '2026-12-01 00:00:00+00' - ((n.i * 7919) % 94608000) * interval '1 second' - (n.i % 999983) * interval '1 microsecond' as received_at,
             case when n.h2 % 100 < 50 then 'abgeschlossen' when n.h2 % 100 < 65 then 'entschieden' when n.h2 % 100 < 80 then 'in_pruefung'
                  when n.h2 % 100 < 90 then 'eingegangen' when n.h2 % 100 < 95 then 'rueckfrage' else 'zurueckgezogen' end as status,
             ${answersSql('f.template', personSql('to_jsonb(n.vorname)', 'to_jsonb(n.nachname)',
               `to_jsonb(lower(translate(n.vorname || '.' || n.nachname, 'üöäıß', 'uoais')) || '@example.test')`,
               `jsonb_build_object('street', n.street || ' ' || (1 + n.h3 % 120), 'postcode', (32000 + n.h2 % 900)::text, 'place', t.name)`,
               `to_jsonb('Antrag Nummer ' || n.i || ' über das Portal')`))} as answers
      from named n
      join bench_tenants t on t.n = n.tenant_n
      join bench_forms f on f.tenant_n = n.tenant_n
        and f.k = n.h3 % (select count(*) from bench_forms c where c.tenant_n = n.tenant_n)`, [first, last]);
    await client.query(`
      insert into submissions (tenant_id, id, reference, form_id, version, answers, submitted_at, draft_id, token_hash)
      select tenant_id, submission_id, reference, form_id, version, answers, received_at, draft_id, token_hash from bench_chunk`);
    await client.query(`
      insert into cases (tenant_id, id, reference, submission_id, form_id, form_version, form_title, service_key, office_id, status,
                         applicant_name, applicant_email, received_at, due_at, updated_at, closed_at, search)
      select tenant_id, case_id, reference, submission_id, form_id, version, title, service_key, office_id, status,
             applicant_name, applicant_email, received_at, received_at + processing_days * interval '1 day',
             received_at + interval '2 days', case when status in ('abgeschlossen', 'zurueckgezogen') then received_at + interval '20 days' end,
             setweight(to_tsvector('simple', applicant_name), 'A') || setweight(to_tsvector('simple', reference), 'A')
               || setweight(jsonb_to_tsvector('german', answers, '["string", "numeric"]'), 'C')
      from bench_chunk`);
    await client.query('insert into bench_progress (chunk, rows) values ($1, $2)', [chunk, last - first + 1]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

export type GenerationResult = { cases: number; generatedNow: number; seconds: number };

/** Makes sure rows 1..cases exist; returns how many were written now. */
export async function generateCases(pool: pg.Pool, cases: number): Promise<GenerationResult> {
  const started = performance.now();
  const client = await pool.connect();
  let generatedNow = 0;
  try {
    await prepareHelperTables(client);
    await repairAnswers(client);
    const done = new Set((await client.query<{ chunk: number }>('select chunk from bench_progress')).rows.map((row) => row.chunk));
    const chunks = Math.ceil(cases / chunkSize);
    for (let chunk = 0; chunk < chunks; chunk++) {
      if (done.has(chunk)) continue;
      const first = chunk * chunkSize + 1;
      const last = Math.min(cases, (chunk + 1) * chunkSize);
      // A partial last chunk of an earlier, smaller run is recorded with fewer rows: never here, since
      // chunk boundaries are fixed and a partial chunk is only written as the final one of its run.
      const chunkStarted = performance.now();
      await generateChunk(client, chunk, first, last);
      generatedNow += last - first + 1;
      log(`  cases ${first.toLocaleString('en')}–${last.toLocaleString('en')} in ${((performance.now() - chunkStarted) / 1000).toFixed(1)} s`);
    }
    // A run with more --cases than an earlier one completes the earlier run's partial last chunk.
    const partial = (await client.query<{ chunk: number; rows: number }>('select chunk, rows from bench_progress where rows < $1', [chunkSize])).rows;
    for (const row of partial) {
      const first = row.chunk * chunkSize + row.rows + 1;
      const last = Math.min(cases, (row.chunk + 1) * chunkSize);
      if (last < first) continue;
      await client.query('delete from bench_progress where chunk = $1', [row.chunk]);
      await generateChunk(client, row.chunk, first, last);
      await client.query('update bench_progress set rows = $2 where chunk = $1', [row.chunk, last - row.chunk * chunkSize]);
      generatedNow += last - first + 1;
    }
    if (generatedNow > 0) {
      log('  vacuum analyze');
      await client.query('vacuum (analyze) submissions, cases');
    }
    const total = (await client.query<{ rows: string }>('select coalesce(sum(rows), 0) as rows from bench_progress')).rows[0]?.rows ?? '0';
    return { cases: Number(total), generatedNow, seconds: (performance.now() - started) / 1000 };
  } finally {
    client.release();
  }
}

/** Creates, migrates, seeds and fills the benchmark database. */
export async function generate(url: string, cases: number): Promise<GenerationResult> {
  await ensureDatabase(url);
  const db = await openPostgres(url, 2);
  try {
    const baseStarted = performance.now();
    await prepareBase(db);
    log(`  base data ready in ${((performance.now() - baseStarted) / 1000).toFixed(1)} s`);
    return await generateCases(db.pool, cases);
  } finally {
    await db.close();
  }
}

if (import.meta.main) {
  const options = readOptions();
  const result = await generate(options.databaseUrl, options.cases);
  log(`${result.cases.toLocaleString('en')} cases in the benchmark database (${result.generatedNow.toLocaleString('en')} generated now, ${result.seconds.toFixed(0)} s)`);
}
