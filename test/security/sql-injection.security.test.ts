/**
 * SQL injection in every search and filter (catalog search, inbox filters and search, records
 * search, hub knowledge search, OZG dashboard filters, the public API's query parameters): no
 * 5xx, no database error text, and Detmold's staff never see Lemgo's case, file or reference.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorld, type World } from './support/world.ts';

/** Classic SQL injection payloads (facts of the OWASP testing guide), plus tsquery and LIKE specials. */
const payloads = [
  "'", "''", '"', "' OR '1'='1", "' OR 1=1--", "') OR ('1'='1", "1; DROP TABLE cases;--", "'; SELECT pg_sleep(5);--",
  "' UNION SELECT null, current_user, version()--", "1' AND extractvalue(1, concat(0x7e, version()))--", "%' OR tenant_id IS NOT NULL OR '%'='",
  '\\', '\\\'', "$$; select 1; $$", "E'\\x00'", '%', '_', '*', '!', '&', '|', ':*', "'&'", '!!', '(', ')', "<->", "a & !b | c:*",
  '\u0000', 'ö\' or \'ö', "' OR tenant_id <> tenant_id OR '", '1e308', '-1', '99999999999999999999', "ANT-2026' OR '1'='1",
  "'/**/OR/**/1=1--", 'admin\'--', "' AND 1=(SELECT COUNT(*) FROM users)--", '{"$gt":""}', "'||(select email from users limit 1)||'",
];

let world: World;
let leaks: string[];
before(async () => {
  world = await buildWorld();
  leaks = [world.ids.reference!, world.ids.caseId!, world.ids.recordFileId!, 'Beschwerden Straßenbeleuchtung', 'Erika'];
});
after(async () => {
  await world?.t.close();
});

test(`${payloads.length} payloads in every search and filter: no 5xx, no SQL error, nothing of another tenant`, async () => {
  const { detmoldStaff, stranger } = world.actors;
  const targets: [string, World['actors'][keyof World['actors']], (p: string) => string][] = [
    ['catalog search', stranger, (p) => `/leistungen?q=${encodeURIComponent(p)}`],
    ['suggestions API', stranger, (p) => `/api/v1/suggest?q=${encodeURIComponent(p)}`],
    ['services API', stranger, (p) => `/api/v1/services?q=${encodeURIComponent(p)}&limit=${encodeURIComponent(p)}`],
    ['responsibility API', stranger, (p) => `/api/v1/responsibility?service=${encodeURIComponent(p)}&place=${encodeURIComponent(p)}`],
    ['inbox search', detmoldStaff, (p) => `/verwaltung/vorgaenge?q=${encodeURIComponent(p)}`],
    ['inbox filters', detmoldStaff, (p) => `/verwaltung/vorgaenge?status=${encodeURIComponent(p)}&dienststelle=${encodeURIComponent(p)}&leistung=${encodeURIComponent(p)}&zustaendig=${encodeURIComponent(p)}&von=${encodeURIComponent(p)}&bis=${encodeURIComponent(p)}&sortierung=${encodeURIComponent(p)}&nach=${encodeURIComponent(p)}`],
    ['records search', detmoldStaff, (p) => `/verwaltung/akten/suche?q=${encodeURIComponent(p)}&aktenzeichen=${encodeURIComponent(p)}`],
    ['hub knowledge search', detmoldStaff, (p) => `/kooperation/wissen?q=${encodeURIComponent(p)}`],
    ['OZG dashboard filters', stranger, (p) => `/ozg-dashboard?kommune=${encodeURIComponent(p)}&themenfeld=${encodeURIComponent(p)}&lebenslage=${encodeURIComponent(p)}&mindeststufe=${encodeURIComponent(p)}`],
    ['OZG matrix CSV', stranger, (p) => `/ozg-dashboard/matrix.csv?kommune=${encodeURIComponent(p)}`],
  ];
  const failures: string[] = [];
  let requests = 0;
  for (const [label, actor, url] of targets) {
    for (const payload of payloads) {
      const started = Date.now();
      const response = await actor.client.get(url(payload));
      requests++;
      const what = `${label} ${JSON.stringify(payload)}`;
      if (response.statusCode >= 500) failures.push(`${what}: ${response.statusCode}`);
      if (/syntax error at or near|PGlite|unterminated quoted|invalid input syntax for|SQLSTATE|relation "[a-z_]+" does not exist|no operand in tsquery/i.test(response.body)) failures.push(`${what}: database error text in the answer`);
      if (Date.now() - started > 4000) failures.push(`${what}: took ${Date.now() - started} ms (sleep injected?)`);
      for (const leak of leaks) if (response.body.includes(leak)) failures.push(`${what}: shows ${leak}`);
    }
  }
  process.stdout.write(`# SQL injection: ${payloads.length} payloads × ${targets.length} searches/filters = ${requests} requests\n`);
  assert.deepEqual(failures, []);
  // The tables are still there and Lemgo still finds its own case.
  const own = await world.actors.lemgoStaff.client.get(`/verwaltung/vorgaenge?q=${encodeURIComponent(world.ids.reference!)}`);
  assert.equal(own.statusCode, 200);
  assert.ok(own.body.includes(world.ids.reference!));
});
