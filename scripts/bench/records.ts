/**
 * Records (E-Akte, issue 6) full-text search at scale: N documents across the 17 tenants (40% in
 * the Kreis, like the cases), each with one version and its extracted text, in files of about 100
 * documents at one file plan position per tenant. Generated set-based in chunks (resumable, like
 * the cases); the records triggers that guard single inserts (open file, immutability) are
 * switched off for the chunk's transaction only (`session_replication_role`, as restore does).
 *
 * Workload: the module's own search (src/modules/records/search.ts, `searchRecords`) in the
 * Kreis's RLS scope through the app's database driver, one query after another over a list of
 * what records managers type. Baseline: the same tsquery (`websearch_to_tsquery('german', …)`)
 * on the bare text table, same driver, same scope, same 50 rows.
 */
import type pg from 'pg';
import { openPostgres } from '../../src/platform/db/postgres-driver.ts';
import { sql } from '../../src/platform/db/sql.ts';
import { searchRecords } from '../../src/modules/records/search.ts';
import { latencyOf, type Measurement } from './stats.ts';

const chunkSize = 100_000;
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Words of the texts: common ones in every tenth text or more, rare ones in about one in a thousand. */
const commonWords = ['Antrag', 'Bescheid', 'Genehmigung', 'Stellungnahme', 'Widerspruch', 'Gebühren', 'Frist', 'Anhörung', 'Nachweis',
  'Bauvorhaben', 'Grundstück', 'Gemarkung', 'Flurstück', 'Kreisverwaltung', 'Sachbearbeitung', 'Unterlagen', 'Prüfung', 'Zuständigkeit',
  'Eingang', 'Rückfrage', 'Termin', 'Ortsbesichtigung', 'Baulast', 'Abstandsfläche', 'Nutzungsänderung', 'Stellplätze', 'Brandschutz',
  'Denkmalschutz', 'Wasserrecht', 'Immissionsschutz', 'Gewerbe', 'Gaststätte', 'Sondernutzung', 'Aufenthaltstitel', 'Einbürgerung',
  'Führerschein', 'Zulassung', 'Jugendhilfe', 'Elterngeld', 'Wohngeld', 'Schwerbehinderung', 'Pflegegeld', 'Schulträger', 'Haushalt'];
const rareWords = ['Lärmschutzwand', 'Biogasanlage', 'Windenergieanlage', 'Fledermausgutachten', 'Altlastenverdacht', 'Kampfmittelräumung',
  'Photovoltaikfreifläche', 'Hochwasserschutz', 'Streuobstwiese', 'Bienenhaltung'];

/** What records managers type: common and rare words, two words, a phrase, an exclusion. */
export const recordQueries = ['Bauvorhaben', 'Widerspruch Frist', 'Lärmschutzwand', 'Brandschutz Gaststätte', '"Nutzungsänderung Stellplätze"',
  'Biogasanlage -Widerspruch', 'Einbürgerung', 'Windenergieanlage Fledermausgutachten', 'Altlastenverdacht', 'Elterngeld Nachweis'];

async function prepare(client: pg.PoolClient): Promise<void> {
  await client.query(`
    create table if not exists bench_record_progress (chunk integer primary key, rows integer not null, done_at timestamptz not null default now());
    insert into file_plan_positions (tenant_id, code, title, retention_years, disposal)
      select t.id, '999', 'Benchmark-Akten', 10, 'bewerten' from bench_tenants t
      where not exists (select 1 from file_plan_positions p where p.tenant_id = t.id and p.code = '999');`);
}

/** Files for `total` documents: about one per hundred documents of each tenant, created up front. */
async function ensureFiles(client: pg.PoolClient, total: number): Promise<void> {
  await client.query(`
    insert into record_files (tenant_id, id, position_id, running_number, file_number, title)
    select t.id, md5('kreisportal-bench-file-' || t.n || '-' || k)::uuid, p.id, k, '999/' || lpad(k::text, 4, '0'),
           'Benchmark-Akte ' || k || ' ' || (array['Bauantrag', 'Gewerbe', 'Ordnungswidrigkeit', 'Jugendhilfe', 'Zulassung'])[1 + k % 5]
    from bench_tenants t
    join file_plan_positions p on p.tenant_id = t.id and p.code = '999'
    cross join lateral generate_series(1, greatest(1, ceil($1::numeric * case when t.n = 0 then 0.4 else 0.6 / 16 end / 100)::int)) k
    on conflict do nothing`, [total]);
}

async function generateChunk(client: pg.PoolClient, chunk: number, first: number, last: number, total: number): Promise<void> {
  await client.query('begin');
  try {
    // Restore does the same: the per-row guards are for the application, not for a bulk load.
    await client.query('set local session_replication_role = replica');
    await client.query(`
      create temp table bench_docs on commit drop as
      with series as (
        select i, (i * 2654435761) % 4294967296 as h1, (i * 40503 + 7) % 65521 as h2, (i * 69069 + 1) % 1000003 as h3
        from generate_series($1::bigint, $2::bigint) i),
      placed as (select s.*, case when s.h1 % 1000 < 400 then 0 else 1 + (s.h1 / 1000) % 16 end as tenant_n from series s)
      select p.i, t.id as tenant_id, md5('kreisportal-bench-doc-' || p.i)::uuid as id,
             md5('kreisportal-bench-file-' || p.tenant_n || '-' || (1 + p.h3 % greatest(1, ceil($3::numeric * case when p.tenant_n = 0 then 0.4 else 0.6 / 16 end / 100)::int)))::uuid as file_id,
             (array['antrag', 'bescheid', 'schreiben', 'vermerk', 'nachweis', 'vertrag', 'rechnung', 'sonstiges'])[1 + p.h2 % 8] as kind,
             date '2026-11-30' - (p.h1 % 3650)::int as document_date,
             (array['eingang', 'ausgang', 'intern'])[1 + p.h3 % 3] as direction,
             $4::text[] as common, $5::text[] as rare, p.h1, p.h2, p.h3
      from placed p join bench_tenants t on t.n = p.tenant_n`, [first, last, total, commonWords, rareWords]);
    await client.query(`
      insert into record_documents (tenant_id, id, file_id, title, kind, document_date, direction, sender)
      select tenant_id, id, file_id, initcap(kind) || ' ' || common[1 + h2 % array_length(common, 1)] || ' Nr. ' || i, kind, document_date, direction,
             case when direction = 'eingang' then 'Bürgerin ' || (h3 % 5000) end
      from bench_docs`);
    await client.query(`
      insert into record_document_versions (tenant_id, document_id, version, sha256, media_type, size, file_name, scan_result)
      select tenant_id, id, 1, encode(sha256(convert_to(i::text, 'UTF8')), 'hex'), 'application/pdf', 20000 + h2, 'dokument-' || i || '.pdf', 'clean'
      from bench_docs`);
    // About 40 words a text: common words chosen by the row's hashes, a rare one in about 1 of 100.
    await client.query(`
      insert into record_texts (tenant_id, document_id, version, method, content)
      select d.tenant_id, d.id, 1, 'pdftotext',
             (select string_agg(d.common[1 + ((d.h1 + k * d.h3 + k * k * 7) % array_length(d.common, 1))], ' ') from generate_series(1, 40) k)
             || case when d.h2 % 100 = 0 then ' ' || d.rare[1 + d.h3 % array_length(d.rare, 1)] else '' end
             || ' Aktenzeichen 999/' || d.i
      from bench_docs d`);
    await client.query('insert into bench_record_progress (chunk, rows) values ($1, $2)', [chunk, last - first + 1]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

/** Generates the missing documents; returns how many exist and how many were made now. */
export async function generateRecords(pool: pg.Pool, total: number): Promise<{ documents: number; generatedNow: number; seconds: number }> {
  const started = performance.now();
  const client = await pool.connect();
  let generatedNow = 0;
  try {
    await prepare(client);
    await ensureFiles(client, total);
    const done = new Set((await client.query<{ chunk: number }>('select chunk from bench_record_progress')).rows.map((row) => row.chunk));
    for (let chunk = 0; chunk * chunkSize < total; chunk++) {
      if (done.has(chunk)) continue;
      const first = chunk * chunkSize + 1;
      const last = Math.min(total, (chunk + 1) * chunkSize);
      await generateChunk(client, chunk, first, last, total);
      generatedNow += last - first + 1;
      log(`  records: ${last.toLocaleString('en')} of ${total.toLocaleString('en')} documents`);
    }
    if (generatedNow > 0) await client.query('analyze record_documents, record_texts, record_files, record_document_versions');
    const { rows: [count] } = await client.query<{ n: number }>('select coalesce(sum(rows), 0)::int as n from bench_record_progress');
    return { documents: count?.n ?? 0, generatedNow, seconds: (performance.now() - started) / 1000 };
  } finally {
    client.release();
  }
}

export type RecordsResults = { tenantDocuments: number; search: Measurement; bare: Measurement; hits: Record<string, number> };

/** Both queries, one after another over the query list, for `seconds` each. */
export async function recordsWorkload(pool: pg.Pool, databaseUrl: string, seconds: number): Promise<RecordsResults> {
  const { rows: [kreis] } = await pool.query<{ id: string }>('select id from bench_tenants where n = 0');
  if (!kreis) throw new Error('No bench tenants: run the generator');
  const { rows: [count] } = await pool.query<{ n: number }>('select count(*)::int as n from record_documents where tenant_id = $1', [kreis.id]);
  const db = await openPostgres(databaseUrl, 2);
  const scope = { tenantId: kreis.id, userId: null };
  const hits: Record<string, number> = {};
  try {
    const run = async (label: string, query: (text: string) => Promise<number>, note: string): Promise<Measurement> => {
      await query(recordQueries[0]!); // warm-up (one query: before migration 0022 the module's search took seconds at a million documents)
      const samples: number[] = [];
      const deadline = performance.now() + seconds * 1000;
      while (performance.now() < deadline) {
        for (const text of recordQueries) {
          const start = performance.now();
          const found = await query(text);
          samples.push(performance.now() - start);
          if (label.startsWith('records search')) hits[text] = found;
        }
      }
      const elapsed = samples.reduce((sum, value) => sum + value, 0) / 1000;
      return { label, latency: latencyOf(samples), throughput: Math.round((samples.length / elapsed) * 10) / 10, connections: 1, seconds, errors: 0, note };
    };
    const search = await run('records search (searchRecords)', async (text) =>
      (await db.transaction(scope, (tx) => searchRecords(tx, kreis.id, { text }))).length, 'module query in the Kreis scope, through the app driver, no HTTP');
    const bare = await run('same tsquery on the bare text table', async (text) =>
      (await db.transaction(scope, (tx) => tx.query(sql`
        select document_id from record_texts where search @@ websearch_to_tsquery('german', ${text}) limit 50`))).length,
      'record_texts, GIN index record_texts_search, 50 rows');
    return { tenantDocuments: count?.n ?? 0, search, bare, hits };
  } finally {
    await db.close();
  }
}
