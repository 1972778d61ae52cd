import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { berlinToday } from './overview.ts';
import { toCsv } from '../../platform/csv.ts';
import { auditActions, coordinator, createHubTestApp, idFromLocation, type HubTestApp } from './test-support.ts';

let t: HubTestApp;
before(async () => {
  t = await createHubTestApp();
});
after(() => t.close());

const nextMonth = () => {
  const [year, month] = berlinToday().split('-').map(Number) as [number, number];
  return `28.${String((month % 12) + 1).padStart(2, '0')}.${month === 12 ? year + 1 : year}`;
};

/** Splits CSV as written here (semicolons, quotes doubled, CRLF) into rows of cells. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ';') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += char;
  }
  return rows;
}

async function propose() {
  const lemgo = await coordinator(t, 'lemgo');
  await lemgo.client.get('/kooperation/beschaffung/neu');
  const created = await lemgo.client.post('/kooperation/beschaffung/neu', { title: 'Dokumentenscanner', description: 'A4, beidseitig', unit: 'Stück', unitPrice: '850,50', deadline: nextMonth() });
  assert.equal(created.statusCode, 303, created.body.slice(0, 1500));
  return { lemgo, id: idFromLocation(created.headers.location) };
}

test('three municipalities declare demand, one declines; the hub pools quantity, volume and budgets', async () => {
  const { lemgo, id } = await propose();
  await lemgo.client.get(`/kooperation/beschaffung/${id}`);
  assert.equal((await lemgo.client.post(`/kooperation/beschaffung/${id}/bedarf`, { decision: 'bedarf', quantity: '12', budget: '10.000', contact: 'Vergabestelle Lemgo' })).statusCode, 303);
  for (const [slug, quantity] of [['detmold', '20'], ['lage', '3']] as const) {
    const member = await coordinator(t, slug);
    await member.client.get(`/kooperation/beschaffung/${id}`);
    assert.equal((await member.client.post(`/kooperation/beschaffung/${id}/bedarf`, { decision: 'bedarf', quantity, budget: '', contact: `IT ${slug}` })).statusCode, 303);
  }
  const blomberg = await coordinator(t, 'blomberg');
  await blomberg.client.get(`/kooperation/beschaffung/${id}`);
  assert.equal((await blomberg.client.post(`/kooperation/beschaffung/${id}/bedarf`, { decision: 'kein_bedarf', quantity: '', budget: '', contact: '' })).statusCode, 303);

  const page = (await blomberg.client.get(`/kooperation/beschaffung/${id}`)).body;
  const pooled = /<dl class="kern-description-list pooled">([\s\S]*?)<\/dl>/.exec(page)![1]!;
  assert.match(pooled, /Kommunen mit Bedarf<\/dt><dd class="kern-description-list-item__value">3</);
  assert.match(pooled, /Absagen<\/dt><dd class="kern-description-list-item__value">1</);
  assert.match(pooled, /Menge insgesamt<\/dt><dd class="kern-description-list-item__value">35 Stück/);
  assert.match(pooled, /Geschätztes Volumen<\/dt><dd class="kern-description-list-item__value">29\.767,50\s€/);
  assert.match(pooled, /Gemeldete Budgets<\/dt><dd class="kern-description-list-item__value">10\.000,00\s€/);
  assert.match((await blomberg.client.get('/kooperation/beschaffung')).body, /Dokumentenscanner<\/a><\/td><td class="kern-table__cell">Lemgo<\/td><td class="kern-table__cell">[^<]+<\/td><td class="kern-table__cell">35 Stück<\/td><td class="kern-table__cell">3<\/td>/);

  // Detmold changes its own declaration: still one row for Detmold.
  const detmold = await coordinator(t, 'detmold');
  await detmold.client.get(`/kooperation/beschaffung/${id}`);
  await detmold.client.post(`/kooperation/beschaffung/${id}/bedarf`, { decision: 'bedarf', quantity: '25', budget: '', contact: 'IT Detmold' });
  const rows = await t.db.ownerTransaction((tx) => tx.query<{ tenant_id: string; quantity: number | null }>(sql`
    select tenant_id, quantity from hub_procurement_declarations where procurement_id = ${id} and tenant_id = ${t.tenantId('detmold')}`));
  assert.deepEqual(rows, [{ tenant_id: t.tenantId('detmold'), quantity: 25 }]);
  assert.equal((await auditActions(t, t.tenantId('detmold'), 'hub.demand_declared')).length, 2);

  const csv = await blomberg.client.get(`/kooperation/beschaffung/${id}/bedarf.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.match(String(csv.headers['content-disposition']), /^attachment; filename="bedarfsbuendelung-[0-9a-f]{8}\.csv"$/);
  assert.ok(csv.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'starts with the UTF-8 byte order mark');
  const table = readCsv(csv.body.replace(/^\uFEFF/, ''));
  assert.deepEqual(table[0], ['Kommune', 'Meldung', 'Menge', 'Einheit', 'Stückpreis (EUR, geschätzt)', 'Volumen (EUR, geschätzt)', 'Budget (EUR)', 'Ansprechperson', 'Gemeldet von', 'Gemeldet am']);
  const byTenant = new Map(table.slice(1).map((row) => [row[0], row]));
  assert.equal(table.length, 5);
  assert.deepEqual(byTenant.get('Lemgo')!.slice(0, 8), ['Lemgo', 'Bedarf', '12', 'Stück', '850,50', '10206,00', '10000,00', 'Vergabestelle Lemgo']);
  assert.deepEqual(byTenant.get('Detmold')!.slice(0, 6), ['Detmold', 'Bedarf', '25', 'Stück', '850,50', '21262,50']);
  assert.deepEqual(byTenant.get('Blomberg')!.slice(0, 3), ['Blomberg', 'kein Bedarf', '']);
});

test('a municipality\'s declaration can be changed only by that municipality and only until the deadline', async () => {
  const { id } = await propose();
  const detmold = await coordinator(t, 'detmold');
  await detmold.client.get(`/kooperation/beschaffung/${id}`);
  await detmold.client.post(`/kooperation/beschaffung/${id}/bedarf`, { decision: 'bedarf', quantity: '5', budget: '', contact: '' });
  const lemgo = await coordinator(t, 'lemgo');
  const scope = { tenantId: lemgo.tenantId, userId: lemgo.userId };
  const changed = await t.db.transaction(scope, (tx) => tx.query(sql`
    update hub_procurement_declarations set quantity = 500 where procurement_id = ${id} and tenant_id = ${t.tenantId('detmold')} returning quantity`));
  assert.equal(changed.length, 0);
  await assert.rejects(
    t.db.transaction(scope, (tx) => tx.query(sql`
      insert into hub_procurement_declarations (procurement_id, tenant_id, decision, quantity, declared_by) values (${id}, ${t.tenantId('lage')}, 'bedarf', 9, ${lemgo.userId})`)),
    /row-level security/,
  );
  const deleted = await t.db.transaction(scope, (tx) => tx.query(sql`delete from hub_procurement_declarations where procurement_id = ${id} returning tenant_id`));
  assert.equal(deleted.length, 0);
  const [row] = await t.db.ownerTransaction((tx) => tx.query<{ quantity: number }>(sql`select quantity from hub_procurement_declarations where procurement_id = ${id}`));
  assert.equal(row!.quantity, 5);

  const missingQuantity = await detmold.client.post(`/kooperation/beschaffung/${id}/bedarf`, { decision: 'bedarf', quantity: '', budget: 'viel', contact: '' });
  assert.equal(missingQuantity.statusCode, 422);
  assert.match(missingQuantity.body, /href="#f-quantity">Bitte geben Sie die Menge an, wenn Ihre Kommune Bedarf hat/);
  assert.match(missingQuantity.body, /href="#f-budget">Bitte geben Sie einen Betrag in Euro ein/);

  await t.db.ownerTransaction((tx) => tx.query(sql`update hub_procurements set deadline = current_date - 1 where id = ${id}`));
  const closed = await detmold.client.get(`/kooperation/beschaffung/${id}`);
  assert.match(closed.body, /Die Frist ist abgelaufen\. Meldungen sind nicht mehr möglich\./);
  const late = await detmold.client.post(`/kooperation/beschaffung/${id}/bedarf`, { decision: 'kein_bedarf', quantity: '', budget: '', contact: '' });
  assert.equal(late.statusCode, 422);
  assert.match(late.body, /href="#f-decision">Die Frist ist abgelaufen/);
  const [after] = await t.db.ownerTransaction((tx) => tx.query<{ decision: string }>(sql`select decision from hub_procurement_declarations where procurement_id = ${id}`));
  assert.equal(after!.decision, 'bedarf');
});

test('CSV cells with separators, quotes and formula characters are quoted or neutralised', () => {
  const text = toCsv(['a', 'b'], [['x;y', 'say "hi"'], ['=SUM(A1)', 'Zeile\nzwei'], [12, null]]);
  assert.equal(text, '\uFEFFa;b\r\n"x;y";"say ""hi"""\r\n\'=SUM(A1);"Zeile\nzwei"\r\n12;\r\n');
});
