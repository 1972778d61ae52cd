import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { TestClient } from '../../platform/testing/test-app.ts';
import { recordMaturitySnapshots } from './dashboard.ts';
import { monthlyPoints } from './dashboard-views.ts';
import { seedDemoHub } from './seed-demo-hub.ts';
import { createHubTestApp, type HubTestApp } from './test-support.ts';

let t: HubTestApp;
let visitor: TestClient;
before(async () => {
  t = await createHubTestApp({ demoOffers: true });
  await seedDemoHub(t.db, '2026-11-30');
  visitor = new TestClient(t.app);
});
after(() => t.close());

/** The cells of the matrix row of a service, by column header (tenant name). */
function matrixRow(body: string, serviceName: string): Map<string, string> {
  const headers = [...(/<table class="kern-table matrix">[\s\S]*?<thead[\s\S]*?<\/thead>/.exec(body)![0].matchAll(/<th class="kern-table__header" scope="col">([^<]+)<\/th>/g))].map((m) => m[1]!).slice(1);
  const row = new RegExp(`<tr class="kern-table__row"><th class="kern-table__cell" scope="row"><a [^>]+>${serviceName}</a></th>(.*?)</tr>`).exec(body);
  assert.ok(row, `no row for ${serviceName}`);
  const cells = [...row[1]!.matchAll(/<td class="kern-table__cell">(.*?)<\/td>/g)].map((m) => m[1]!.replace(/<span class="kern-sr-only">[^<]*<\/span>/g, '').replace(/<[^>]+>/g, '').trim());
  return new Map(headers.map((header, index) => [header, cells[index]!]));
}

test('the dashboard is public: anyone sees the matrix of municipalities and services with maturity levels', async () => {
  const page = await visitor.get('/ozg-dashboard');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-x-large">OZG-Dashboard<\/h1>/);
  // Shared caches may keep it, one copy per language (the kp_lang cookie): Vary: Cookie.
  assert.equal(page.headers['cache-control'], 'public, max-age=300');
  assert.match(String(page.headers.vary), /^Cookie\b/);
  const row = matrixRow(page.body, 'Baugenehmigung Erteilung');
  assert.equal(row.get('Detmold'), '3');
  assert.equal(row.get('Kreis Lippe'), '3');
  assert.equal(row.get('Augustdorf'), '–');
  assert.match(page.body, /scope="rowgroup" colspan="18">Bauen &amp; Wohnen › Bauen &amp; Immobilien</);
  assert.equal(matrixRow(page.body, 'Personalausweis Ausstellung').get('Lemgo'), '1');
});

test('filters narrow the matrix by municipality, Themenfeld and minimum level', async () => {
  const lemgo = (await visitor.get('/ozg-dashboard?kommune=lemgo')).body;
  assert.match(lemgo, /<th class="kern-table__header" scope="col">Lemgo<\/th><\/tr><\/thead>/);
  assert.doesNotMatch(lemgo, /scope="col">Detmold</);
  const minimum = (await visitor.get('/ozg-dashboard?mindeststufe=3')).body;
  assert.match(minimum, /Baugenehmigung Erteilung/);
  assert.doesNotMatch(minimum, />Personalausweis Ausstellung</);
  const themenfeld = /<option value="(\d+)">Bauen &amp; Wohnen<\/option>/.exec(lemgo)![1];
  const building = (await visitor.get(`/ozg-dashboard?themenfeld=${themenfeld}`)).body;
  assert.match(building, /Baugenehmigung Erteilung/);
  assert.doesNotMatch(building, />Personalausweis Ausstellung</);
  assert.equal((await visitor.get('/ozg-dashboard?kommune=%3Cscript%3E&mindeststufe=99')).statusCode, 200, 'unknown values are ignored');
});

test('a changed offer level shows on the dashboard at once and in the next snapshot', async () => {
  const detmold = t.tenantId('detmold');
  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set maturity_level = 4, online_available = true, online_url = 'https://detmold.example/ausweis' where tenant_id = ${detmold} and service_key = '99008001012000'`));
  assert.equal(matrixRow((await visitor.get('/ozg-dashboard')).body, 'Personalausweis Ausstellung').get('Detmold'), '4');
  const before = await t.db.ownerTransaction((tx) => tx.query<{ conform: number }>(sql`select conform from ozg_maturity_snapshots where tenant_id = ${detmold} and taken_on = '2026-11-30'`));
  assert.equal(await recordMaturitySnapshots(t.db, '2026-11-30'), 17);
  assert.equal(await recordMaturitySnapshots(t.db, '2026-11-30'), 17, 'a second run the same day replaces, not duplicates');
  const rows = await t.db.ownerTransaction((tx) => tx.query<{ conform: number; online: number; demo: boolean }>(sql`select conform, online, demo from ozg_maturity_snapshots where tenant_id = ${detmold} and taken_on = '2026-11-30'`));
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.conform, before[0]!.conform + 1);
  assert.equal(rows[0]!.demo, false);
});

test('each chart is an SVG with title and description, and its data table holds the same numbers', async () => {
  const body = (await visitor.get('/ozg-dashboard')).body;
  const svg = /<svg class="chart" role="img" aria-labelledby="chart-history-title chart-history-desc"[\s\S]*?<\/svg>/.exec(body)![0];
  assert.match(svg, /<title id="chart-history-title">Verlauf: OZG-konforme und online beantragbare Angebote<\/title>/);
  assert.match(svg, /<desc id="chart-history-desc">Liniendiagramm von 01\.11\.2025 bis 30\.11\.2026\./);
  const history = await t.db.ownerTransaction((tx) => tx.query<{ takenOn: string; offers: number; online: number; conform: number; demo: boolean }>(sql`
    select taken_on::text as "takenOn", sum(offers)::int as offers, sum(online)::int as online, sum(conform)::int as conform, bool_or(demo) as demo
    from ozg_maturity_snapshots group by taken_on order by taken_on`));
  const points = monthlyPoints(history);
  assert.equal(points.length, 13);
  const table = /<caption class="kern-title">Verlauf als Tabelle<\/caption>[\s\S]*?<tbody class="kern-table__body">([\s\S]*?)<\/tbody>/.exec(body)![1]!;
  const rows = [...table.matchAll(/<tr class="kern-table__row">(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<td class="kern-table__cell">(.*?)<\/td>/g)].map((c) => c[1]));
  assert.deepEqual(rows, points.map((p) => [`${p.takenOn.slice(8, 10)}.${p.takenOn.slice(5, 7)}.${p.takenOn.slice(0, 4)}`, String(p.offers), String(p.online), String(p.conform), p.demo ? '✓' : '']));
  // The chart draws the same series: one polyline point per table row, the last point highest for conform.
  const lines = [...svg.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1]!.split(' '));
  assert.equal(lines.length, 2);
  assert.ok(lines.every((line) => line.length === rows.length));
  assert.match(body, /Werte vor dem Start des täglichen Stands sind Beispieldaten/);

  const levels = /<desc id="chart-levels-desc">Balkendiagramm: ([^<]+)\. Die Zahlen/.exec(body)![1]!;
  const levelTable = /<caption class="kern-title">Reifegrade als Tabelle<\/caption>[\s\S]*?<tbody class="kern-table__body">([\s\S]*?)<\/tbody>/.exec(body)![1]!;
  const levelRows = [...levelTable.matchAll(/<td class="kern-table__cell">([^<]*)<\/td><td class="kern-table__cell">(\d+)<\/td>/g)].map((m) => `${m[1]}: ${m[2]}`);
  assert.equal(levels, levelRows.join(', '));
  const [live] = await t.db.ownerTransaction((tx) => tx.query<{ n: number }>(sql`select count(*)::int as n from offers where published and maturity_level = 1`));
  assert.ok(levelRows.includes(`Stufe 1: ${live!.n}`));
});

test('the matrix downloads as CSV with the same filter', async () => {
  const csv = await visitor.get('/ozg-dashboard/matrix.csv?kommune=detmold');
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
  assert.equal(lines[0], 'Themenfeld;Lebenslage;Leistung;Leistungsschlüssel;Detmold');
  assert.ok(lines.includes('Bauen & Wohnen;Bauen & Immobilien;Baugenehmigung Erteilung;99012008001000;3'), lines.join('\n'));
});
