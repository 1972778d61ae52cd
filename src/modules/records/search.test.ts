/**
 * The E-Akte full-text search (searchRecords) on the app role: the same hits as the plain query
 * it replaced (every document of the tenant matched one by one), found through the candidates of
 * migration 0022: a document through its file's title or Aktenzeichen only, through the text of
 * its latest version only, never through another tenant; and the bound for broad queries.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { sql, type SqlFragment } from '../../platform/db/sql.ts';
import { openTestDatabase } from '../../platform/testing/test-database.ts';
import { addDocument, addVersion, type DocumentInput } from './documents.ts';
import { createFile } from './record-files.ts';
import { candidatesPerSource, filterConditions, searchLimit, searchRecords, type SearchFilter } from './search.ts';
import { positionId } from './test-support.ts';

let db: Database;
let lemgo: string;
let detmold: string;
const files: Record<string, { id: string; fileNumber: string }> = {};
const docs: Record<string, string> = {};
const positions: Record<string, string> = {};

const as = <T>(tenantId: string, work: (tx: Queryable) => Promise<T>) => db.transaction({ tenantId, userId: null }, work);
const version = { sha256: 'a'.repeat(64), mediaType: 'text/plain', size: 5, fileName: 'brief.txt', scanResult: 'not_scanned' as const };

async function addDoc(tenantId: string, fileId: string, input: Partial<DocumentInput> & { title: string }, texts: string[]): Promise<string> {
  return as(tenantId, async (tx) => {
    const actor = { tenantId, userId: null };
    const { documentId } = await addDocument(tx, actor, { fileId, processId: null, kind: 'schreiben', documentDate: '2026-03-17', direction: 'eingang', sender: null, recipient: null, ...input }, version);
    for (const [index, content] of texts.entries()) {
      if (index > 0) await addVersion(tx, actor, documentId, version);
      await tx.query(sql`insert into record_texts (tenant_id, document_id, version, method, content) values (${tenantId}, ${documentId}, ${index + 1}, 'text', ${content})`);
    }
    return documentId;
  });
}

/** The query searchRecords ran before migration 0022: every document of the tenant, matched one by one. */
function referenceQuery(tenantId: string, filter: SearchFilter): SqlFragment {
  const conditions = filterConditions(tenantId, filter);
  const text = filter.text.trim();
  const query = sql`websearch_to_tsquery('german', ${text})`;
  if (text !== '') conditions.push(sql`(d.search @@ ${query} or t.search @@ ${query} or f.search @@ ${query} or f.file_number = ${text})`);
  return sql`
    select d.id, coalesce(${text === '' ? sql`null` : sql`case when t.search @@ ${query} then ts_headline('german', t.content, ${query}, 'StartSel=«, StopSel=», MaxWords=25, MinWords=8') end`}, '') as excerpt
    from record_documents d
    join record_files f on f.tenant_id = d.tenant_id and f.id = d.file_id
    left join lateral (
      select t.search, t.content from record_texts t where t.tenant_id = d.tenant_id and t.document_id = d.id order by t.version desc limit 1) t on true
    where ${sql.join(conditions, sql` and `)}
    order by ${text === '' ? sql`d.document_date desc` : sql`ts_rank(d.search || coalesce(t.search, ''::tsvector), ${query}) desc, d.document_date desc`}, d.id
    limit ${searchLimit}`;
}

const search = (filter: SearchFilter, tenantId = lemgo) => as(tenantId, (tx) => searchRecords(tx, tenantId, filter));
const titles = async (filter: SearchFilter, tenantId = lemgo) => (await search(filter, tenantId)).map((hit) => hit.title).sort();

before(async () => {
  db = await openTestDatabase();
  const rows = await db.ownerTransaction((tx) => tx.query<{ id: string; slug: string }>(sql`select id, slug from tenants where slug in ('lemgo', 'detmold')`));
  lemgo = rows.find((row) => row.slug === 'lemgo')!.id;
  detmold = rows.find((row) => row.slug === 'detmold')!.id;
  for (const code of ['02.10', '32.10', '70.10']) positions[code] = await positionId(db, lemgo, code);
  const file = async (key: string, code: string, title: string, tenantId = lemgo) => {
    const at = tenantId === lemgo ? positions[code]! : await positionId(db, tenantId, code);
    const created = await as(tenantId, (tx) => createFile(tx, { tenantId, userId: null }, { positionId: at, title }));
    files[key] = { id: created.id, fileNumber: created.fileNumber };
  };
  await file('bau', '02.10', 'Bauantrag Musterstraße 4');
  await file('gaststaette', '32.10', 'Gaststättenerlaubnis Lindenkrug');
  await file('detmold', '02.10', 'Bauantrag Bodenprobe', detmold);
  docs.boden = await addDoc(lemgo, files.bau!.id, { title: 'Eingangsbestätigung', documentDate: '2026-02-01' },
    ['Ein Altlastenverdacht auf dem Grundstück wurde gemeldet.', 'Die Bodenprobe auf dem Grundstück ist unauffällig.']);
  docs.anhoerung = await addDoc(lemgo, files.gaststaette!.id, { title: 'Anhörung', kind: 'vermerk', documentDate: '2026-03-01', direction: 'intern' }, []);
  docs.widerspruch = await addDoc(lemgo, files.gaststaette!.id, { title: 'Widerspruch gegen den Gebührenbescheid', sender: 'Erika Mustermann', documentDate: '2026-03-10' },
    ['Hiermit lege ich Widerspruch gegen die Gebühren ein. Widerspruch eingelegt am 10. März.']);
  docs.bescheid = await addDoc(lemgo, files.bau!.id, { title: 'Bescheid über die Gebühren', kind: 'bescheid', documentDate: '2026-04-01', direction: 'ausgang' },
    ['Der Widerspruch wird zurückgewiesen. Die Gebühren bleiben bestehen.']);
  await addDoc(detmold, files.detmold!.id, { title: 'Bodenprobe Detmold' }, ['Die Bodenprobe wurde genommen.']);
});
after(() => db.close());

describe('records full-text search', () => {
  test('the same hits, order and excerpts as the query it replaced, with each filter', async () => {
    const filters: SearchFilter[] = [];
    for (const text of ['Bodenprobe', 'Altlastenverdacht', 'Gaststättenerlaubnis', files.gaststaette!.fileNumber, 'Widerspruch', 'Widersprüche',
      '"Widerspruch eingelegt"', 'Widerspruch -Gebühren', 'Anhörung or Bodenprobe', 'Mustermann', 'Grundstück', 'der', '', 'nichts davon']) {
      filters.push({ text }, { text, kind: 'bescheid' }, { text, status: 'offen' }, { text, status: 'abgeschlossen' }, { text, from: '2026-03-05' },
        { text, to: '2026-03-05' }, { text, positionId: positions['02.10'] }, { text, positionId: positions['32.10'] });
    }
    let nonEmpty = 0;
    for (const filter of filters) {
      const expected = await as(lemgo, (tx) => tx.query<{ id: string; excerpt: string }>(referenceQuery(lemgo, filter)));
      const actual = await search(filter);
      assert.deepEqual(actual.map((hit) => ({ id: hit.documentId, excerpt: hit.excerpt })), expected, JSON.stringify(filter));
      if (actual.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty > 40, `${nonEmpty} of ${filters.length} searches found something`);
  });

  test('a document found through its file only: title (stemmed) or exact Aktenzeichen', async () => {
    assert.deepEqual(await titles({ text: 'Gaststättenerlaubnisse' }), ['Anhörung', 'Widerspruch gegen den Gebührenbescheid']);
    assert.deepEqual(await titles({ text: files.gaststaette!.fileNumber, kind: 'vermerk' }), ['Anhörung']);
    assert.deepEqual(await titles({ text: 'Musterstraße' }), ['Bescheid über die Gebühren', 'Eingangsbestätigung']);
  });

  test('only the text of the latest version counts, and gives the excerpt', async () => {
    assert.deepEqual(await search({ text: 'Altlastenverdacht' }), []);
    const [hit, ...rest] = await search({ text: 'Bodenprobe' });
    assert.equal(rest.length, 0);
    assert.equal(hit?.documentId, docs.boden);
    assert.match(hit!.excerpt, /«Bodenprobe»/);
    // The text of the newest version is found even when an older one matches too.
    assert.deepEqual((await search({ text: 'Grundstück' })).map((h) => h.documentId), [docs.boden]);
  });

  test('another tenant\'s documents are never candidates', async () => {
    assert.deepEqual(await titles({ text: 'Bodenprobe' }, detmold), ['Bodenprobe Detmold']);
    assert.deepEqual(await titles({ text: 'Bodenprobe', positionId: positions['02.10'] }), ['Eingangsbestätigung']);
    // The candidate function answers for the scope's own tenant only, whatever it is asked.
    const foreign = await as(lemgo, (tx) => tx.query(sql`select * from records_search_candidates(${detmold}, websearch_to_tsquery('german', 'Bodenprobe'), '', 100)`));
    assert.deepEqual(foreign, []);
    const own = await as(detmold, (tx) => tx.query<{ source: string }>(sql`select * from records_search_candidates(${detmold}, websearch_to_tsquery('german', 'Bodenprobe'), '', 100)`));
    assert.deepEqual(own.map((row) => row.source).sort(), ['document', 'file', 'text']);
  });

  test('a broad query ranks a bounded set that always holds the newest matching documents of the filter', async () => {
    // More matches than candidates per source, stored first and dated years back; then three
    // newer ones in a file of another position, stored last (beyond the bound in storage order).
    const many = candidatesPerSource + 100;
    await as(lemgo, (tx) => tx.query(sql`
      with created as (
        insert into record_documents (tenant_id, file_id, title, kind, document_date, direction)
        select ${lemgo}, ${files.bau!.id}, 'Vermerk Grundwasser Nr. ' || i, 'vermerk', date '2019-01-01' + i % 300, 'intern'
        from generate_series(1, ${many}::int) i
        returning id),
      versions as (
        insert into record_document_versions (tenant_id, document_id, version, sha256, media_type, size, file_name, scan_result)
        select ${lemgo}, id, 1, ${version.sha256}, 'text/plain', 5, 'vermerk.txt', 'not_scanned' from created
        returning document_id)
      insert into record_texts (tenant_id, document_id, version, method, content)
      select ${lemgo}, document_id, 1, 'text', 'Messung Grundwasser am Brunnen' from versions`));
    const brunnen = await as(lemgo, (tx) => createFile(tx, { tenantId: lemgo, userId: null }, { positionId: positions['70.10']!, title: 'Brunnenbau Hofweg' }));
    for (const day of ['01', '02', '03']) {
      await addDoc(lemgo, brunnen.id, { title: `Grundwasser Messbericht ${day}`, documentDate: `2026-05-${day}` }, [`Grundwasser Messung vom ${day}. Mai`]);
    }
    const all = await search({ text: 'Grundwasser' });
    assert.equal(all.length, searchLimit);
    assert.deepEqual(await titles({ text: 'Grundwasser', positionId: positions['70.10'] }), ['Grundwasser Messbericht 01', 'Grundwasser Messbericht 02', 'Grundwasser Messbericht 03']);
    assert.deepEqual(await titles({ text: 'Grundwasser', from: '2026-01-01' }), ['Grundwasser Messbericht 01', 'Grundwasser Messbericht 02', 'Grundwasser Messbericht 03']);
    // Narrow queries stay exact next to the many.
    assert.deepEqual(await titles({ text: 'Bodenprobe' }), ['Eingangsbestätigung']);
    assert.equal((await search({ text: '', positionId: positions['70.10'] })).length, 3);
  });
});
