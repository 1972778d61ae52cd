import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { auditEntries, createOffersTestApp, staffClient, type OffersTestApp } from './test-support.ts';

let t: OffersTestApp;
before(async () => {
  t = await createOffersTestApp();
});
after(() => t.close());

const validOffice = {
  name: 'Bürgerbüro Ortsteil Heiden',
  street: 'Am Markt 3',
  postcode: '32791',
  city: 'Lage',
  'hours-1': '8-12',
  'hours-2': '08:00–12:00, 14:00–18:00',
  'hours-3': '',
  'hours-4': '8.30 - 12 Uhr',
  'hours-5': '',
  'hours-6': '',
  'hours-7': '',
  openingHoursNote: 'Mittwochs geschlossen.',
  phone: '05232 601-0',
  email: 'buergerbuero@lage.example',
  website: 'https://www.lage.de',
  published: 'ja',
  demo: 'nein',
};

async function officeIdOf(tenantSlug: string, name: string): Promise<string> {
  const rows = await t.db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from offices where tenant_id = ${t.tenantId(tenantSlug)} and name = ${name}`));
  return rows[0]!.id;
}

test('an admin creates and edits an office; opening hours are stored per weekday; writes are audited', async () => {
  const { client, userId } = await staffClient(t, 'lage', ['admin']);
  const list = await client.get('/verwaltung/dienststellen');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Bürgerbüro/);
  assert.match(list.body, /Lange Straße 72, 32791 Lage/);
  const form = await client.get('/verwaltung/dienststellen/neu');
  assert.match(form.body, /name="street" type="text" value="Lange Straße 72"/);
  const created = await client.post('/verwaltung/dienststellen/neu', validOffice);
  assert.equal(created.statusCode, 303);
  assert.equal(created.headers.location, '/verwaltung/dienststellen?hinweis=angelegt');
  const id = await officeIdOf('lage', 'Bürgerbüro Ortsteil Heiden');
  const stored = await t.db.ownerTransaction((tx) => tx.query<{ opening_hours: unknown; phone: string }>(sql`select opening_hours, phone from offices where id = ${id}`));
  assert.deepEqual(stored[0]!.opening_hours, [
    { day: 1, opens: '08:00', closes: '12:00' },
    { day: 2, opens: '08:00', closes: '12:00' },
    { day: 2, opens: '14:00', closes: '18:00' },
    { day: 4, opens: '08:30', closes: '12:00' },
  ]);

  const edit = await client.get(`/verwaltung/dienststellen/${id}`);
  assert.match(edit.body, /name="hours-2" type="text" value="08:00–12:00, 14:00–18:00"/);
  const saved = await client.post(`/verwaltung/dienststellen/${id}`, { ...validOffice, 'hours-5': '9-11', phone: '05232 601-100' });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/verwaltung/dienststellen?hinweis=gespeichert');
  const updates = await auditEntries(t, t.tenantId('lage'), 'office.updated');
  assert.equal(updates.length, 1);
  assert.equal(updates[0]!.actor_id, userId);
  assert.equal(updates[0]!.subject_id, id);
  const changes = updates[0]!.data.changes as Record<string, unknown>;
  assert.deepEqual(Object.keys(changes).sort(), ['openingHours', 'phone']);
  assert.equal((await auditEntries(t, t.tenantId('lage'), 'office.created')).length, 1);
});

test('invalid office input is a 422 naming each problem; a duplicate name is refused', async () => {
  const { client } = await staffClient(t, 'lage', ['coordinator']);
  await client.get('/verwaltung/dienststellen/neu');
  const invalid = await client.post('/verwaltung/dienststellen/neu', {
    ...validOffice, name: '', postcode: '3279', 'hours-3': '12-8', 'hours-6': 'vormittags', email: 'kein-at', website: 'ftp://x.de', phone: 'ruf an',
  });
  assert.equal(invalid.statusCode, 422);
  for (const anchor of ['f-name', 'f-postcode', 'f-hours-3', 'f-hours-6', 'f-email', 'f-website', 'f-phone']) {
    assert.match(invalid.body, new RegExp(`href="#${anchor}"`), anchor);
  }
  assert.match(invalid.body, /Mittwoch: Bitte geben Sie Zeiten wie/);
  assert.match(invalid.body, /Samstag: Bitte geben Sie Zeiten wie/);
  const duplicate = await client.post('/verwaltung/dienststellen/neu', { ...validOffice, name: 'Standesamt' });
  assert.equal(duplicate.statusCode, 422);
  assert.match(duplicate.body, /Eine Dienststelle mit diesem Namen gibt es schon/);
});

test('another tenant\'s office is 404; a reader gets 403', async () => {
  const kreisOffice = await officeIdOf('kreis-lippe', 'Elterngeldstelle');
  const { client } = await staffClient(t, 'lage', ['admin']);
  assert.equal((await client.get(`/verwaltung/dienststellen/${kreisOffice}`)).statusCode, 404);
  await client.get('/verwaltung/dienststellen');
  assert.equal((await client.post(`/verwaltung/dienststellen/${kreisOffice}`, validOffice)).statusCode, 404);
  assert.equal((await client.get('/verwaltung/dienststellen/nicht-eine-id')).statusCode, 404);
  const rows = await t.db.ownerTransaction((tx) => tx.query<{ name: string }>(sql`select name from offices where id = ${kreisOffice}`));
  assert.deepEqual(rows, [{ name: 'Elterngeldstelle' }]);
  const reader = await staffClient(t, 'lage', ['reader']);
  assert.equal((await reader.client.get('/verwaltung/dienststellen')).statusCode, 403);
});
