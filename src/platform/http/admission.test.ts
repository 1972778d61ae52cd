import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import cookie from '@fastify/cookie';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { classify, registerAdmission, retryPath, tenantOf } from './admission.ts';
import { PressureMonitor } from './pressure.ts';

let t: TestApp;
/** Requests to the slow routes wait until the test lets them go. */
let letGo: () => void = () => {};
let held = Promise.resolve();
const hold = () => (held = new Promise<void>((resolve) => (letGo = resolve)));

before(async () => {
  t = await createTestApp({
    ADMISSION_CITIZEN_SLOTS: '4',
    ADMISSION_READ_SLOTS: '1',
    ADMISSION_STAFF_SLOTS: '1',
    ADMISSION_MAX_WAIT_MS: '150',
    ADMISSION_TENANT_SHARE_PERCENT: '50',
  });
  // Stand-ins for slow work in each class (routes like the real ones; the gates look at the path only).
  for (const url of ['/lemgo/antrag/langsam', '/detmold/antrag/langsam', '/verwaltung/langsam', '/langsam-lesen']) {
    t.app.get(url, async () => {
      await held;
      return 'fertig';
    });
  }
  await t.app.ready();
});
after(() => t.close());

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), 'condition reached');
}

test('requests are classed by path and method; the tenant is the first path segment', () => {
  const cases: [string, string, string | undefined][] = [
    ['GET', '/', 'read'],
    ['GET', '/leistungen/personalausweis?x=1', 'read'],
    ['GET', '/api/v1/services', 'read'],
    ['GET', '/lemgo/leistungen/hund', 'read'],
    ['GET', '/lemgo/antrag/hundeanmeldung/schritt/person', 'citizen'],
    ['POST', '/lemgo/antrag/hundeanmeldung/absenden', 'citizen'],
    ['POST', '/anmelden', 'citizen'],
    ['GET', '/antraege/lemgo/HUN-1', 'citizen'],
    ['GET', '/konto/antraege', 'citizen'],
    ['GET', '/verwaltung/vorgaenge', 'staff'],
    ['POST', '/kooperation/ideen/neu', 'staff'],
    ['GET', '/healthz', undefined],
    ['GET', '/readyz', undefined],
    ['GET', '/metrics', undefined],
    ['GET', '/assets/kern.css?v=1', undefined],
  ];
  for (const [method, url, expected] of cases) assert.equal(classify(method, url), expected, `${method} ${url}`);
  const slugs = new Set(['lemgo', 'detmold']);
  assert.equal(tenantOf('/lemgo/antrag/x', slugs), 'lemgo');
  assert.equal(tenantOf('/antraege/detmold/REF', slugs), 'detmold');
  assert.equal(tenantOf('/gemeinden/lemgo', slugs), 'lemgo');
  assert.equal(tenantOf('/leistungen/lemgo', slugs), '');
  assert.equal(tenantOf('/unbekannt/antrag/x', slugs), '');
});

test('a shed citizen is sent back to the page that shows the saved draft, never to a repeated POST', () => {
  assert.equal(retryPath('POST', '/lemgo/antrag/hund/schritt/person'), '/lemgo/antrag/hund/schritt/person');
  assert.equal(retryPath('POST', '/lemgo/antrag/hund/schritt/datei/anhang/abc/entfernen'), '/lemgo/antrag/hund/schritt/datei');
  assert.equal(retryPath('POST', '/lemgo/antrag/hund/absenden'), '/lemgo/antrag/hund/pruefen');
  assert.equal(retryPath('POST', '/lemgo/antrag/hund'), '/lemgo/antrag/hund');
  assert.equal(retryPath('POST', '/lemgo/antrag/hund/speichern'), '/lemgo/antrag/hund/speichern');
  assert.equal(retryPath('POST', '/lemgo/antrag/hund/fortsetzen/123'), '/lemgo/antrag/hund/fortsetzen');
  assert.equal(retryPath('GET', '/lemgo/antrag/hund/pruefen?x=1'), '/lemgo/antrag/hund/pruefen?x=1');
});

test('a citizen shed mid-application gets a 503 waiting page that says the draft is safe, in German and English', async () => {
  hold();
  // Lemgo fills its share (2 of 4 citizen slots) and its share of the line (2 of 16... capped at 8).
  const busy = [t.app.inject({ url: '/lemgo/antrag/langsam' }), t.app.inject({ url: '/lemgo/antrag/langsam' })];
  await until(() => t.app.admission.gates.citizen.inFlight === 2);

  const started = performance.now();
  const shed = await t.app.inject({
    method: 'POST',
    url: '/lemgo/antrag/hundeanmeldung/schritt/person',
    payload: 'vorname=Erika',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const waited = performance.now() - started;
  assert.equal(shed.statusCode, 503);
  assert.ok(waited >= 140, `waited ${waited} ms for a slot before giving up`);
  const retryAfter = Number(shed.headers['retry-after']);
  assert.ok(retryAfter >= 10 && retryAfter < 20, `Retry-After ${retryAfter}`);
  assert.equal(shed.headers['cache-control'], 'no-store');
  assert.match(shed.body, /<html lang="de">/);
  assert.match(shed.body, /Ihr Antrag ist sicher/);
  assert.match(shed.body, /abgeschickt ist noch nichts/);
  assert.match(shed.body, /href="\/lemgo\/antrag\/hundeanmeldung\/schritt\/person"/);
  assert.doesNotMatch(shed.body, /<script(?![^>]*src=)/, 'no inline script: the page works without JavaScript');

  const english = await t.app.inject({ method: 'POST', url: '/lemgo/antrag/hundeanmeldung/absenden', cookies: { kp_lang: 'en' } });
  assert.equal(english.statusCode, 503);
  assert.match(english.body, /<html lang="en">/);
  assert.match(english.body, /Your application is safe/);
  assert.match(english.body, /href="\/lemgo\/antrag\/hundeanmeldung\/pruefen"[^>]*><span class="kern-label">Back to my application/);

  // Detmold is not held up by Lemgo's requests: same class, its own share.
  const detmold = t.app.inject({ url: '/detmold/antrag/langsam' });
  await until(() => t.app.admission.gates.citizen.inFlight === 3);
  // Reads are another class: the catalog still answers while citizens wait.
  assert.equal((await t.app.inject({ url: '/impressum' })).statusCode, 200);

  letGo();
  assert.deepEqual((await Promise.all([...busy, detmold])).map((r) => r.statusCode), [200, 200, 200]);
  await until(() => t.app.admission.gates.citizen.inFlight === 0);
  // With slots free again the same citizen request is served (here: 404, no such form in the test data).
  assert.notEqual((await t.app.inject({ method: 'GET', url: '/lemgo/antrag/hundeanmeldung' })).statusCode, 503);
});

test('when the line is full, excess is answered at once (well under the wait), as a page or as JSON', async () => {
  hold();
  const inFlight: Promise<LightMyRequestResponse>[] = [t.app.inject({ url: '/langsam-lesen' })];
  await until(() => t.app.admission.gates.read.inFlight === 1);
  // One read slot: at most four places in the line, fewer when the slot has been held so long
  // that a fourth would not get its turn within the wait (earlier tests held it on purpose).
  let refusedAtOnce = 0;
  for (let i = 0; i < 4; i++) inFlight.push(t.app.inject({ url: '/langsam-lesen' }).then((r) => (r.statusCode === 503 && refusedAtOnce++, r)));
  await until(() => t.app.admission.gates.read.queued + refusedAtOnce === 4);
  const queued = t.app.admission.gates.read.queued;
  assert.ok(queued >= 1, 'one place per slot is always there');
  for (const headers of [{}, { accept: 'application/json' }]) {
    const response = await t.app.inject({ url: '/api/v1/tenants', headers });
    // Answered while the line is still full: it did not wait for a slot (no stopwatch needed).
    assert.equal(t.app.admission.gates.read.queued, queued);
    assert.equal(response.statusCode, 503);
    assert.ok(Number(response.headers['retry-after']) >= 5);
    assert.deepEqual(response.json().error.code, 'overloaded');
  }
  const page = await t.app.inject({ url: '/themen' });
  assert.equal(page.statusCode, 503);
  assert.match(page.body, /Das Portal ist im Moment stark ausgelastet/);
  // Health checks are never queued behind work.
  assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
  letGo();
  const statuses = (await Promise.all(inFlight)).map((r) => r.statusCode);
  assert.equal(statuses.filter((status) => status === 200).length, 1 + queued, 'the held request and every queued one are served');
  assert.equal(statuses.filter((status) => status === 503).length, refusedAtOnce);
});

test('staff work has its own slots and its own waiting page', async () => {
  hold();
  const busy = t.app.inject({ url: '/verwaltung/langsam' });
  await until(() => t.app.admission.gates.staff.inFlight === 1);
  const shed = await t.app.inject({ url: '/verwaltung/vorgaenge' });
  assert.equal(shed.statusCode, 503);
  assert.match(shed.body, /Die Verwaltung ist im Moment stark ausgelastet/);
  assert.equal((await t.app.inject({ url: '/impressum' })).statusCode, 200);
  letGo();
  assert.equal((await busy).statusCode, 200);
});

test('sustained event-loop delay or heap use puts the process under pressure: /readyz 503, fewer read slots', async () => {
  const monitor = new PressureMonitor({ maxEventLoopDelayMs: 200, maxHeapPercent: 90 });
  assert.equal(monitor.sample({ eventLoopDelayMs: 900, heapPercent: 10 }).underPressure, false, 'one slow second is not pressure');
  assert.deepEqual(monitor.sample({ eventLoopDelayMs: 900, heapPercent: 95 }), { eventLoopDelayMs: 900, heapPercent: 95, underPressure: true, reasons: ['event_loop_delay', 'heap'] });
  assert.equal(monitor.sample({ eventLoopDelayMs: 5, heapPercent: 10 }).underPressure, false);

  const pressure = t.app.admission.pressure;
  pressure.stop(); // the test feeds the samples
  assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200);
  pressure.sample({ eventLoopDelayMs: 2000, heapPercent: 10 });
  pressure.sample({ eventLoopDelayMs: 2000, heapPercent: 10 });
  const ready = await t.app.inject({ url: '/readyz' });
  assert.equal(ready.statusCode, 503);
  assert.deepEqual(ready.json().pressure, ['event_loop_delay']);
  assert.ok(Number(ready.headers['retry-after']) > 0);
  pressure.sample({ eventLoopDelayMs: 3, heapPercent: 10 });
  assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200);
});

test('under pressure anonymous reads get a quarter of their slots; citizens and staff keep theirs', async () => {
  const app = Fastify({ logger: false });
  await app.register(cookie);
  const options = { readSlots: 64, citizenSlots: 32, staffSlots: 16, maxWaitMs: 100, tenantSharePercent: 50, tenantContendedReads: 1, tenantContendedTimePercent: 25, maxEventLoopDelayMs: 200, maxHeapPercent: 0 };
  const { gates, pressure } = registerAdmission(app, { ...options, tenantSlugs: new Set() });
  await app.ready();
  pressure.stop();
  assert.deepEqual([gates.read.limit, gates.citizen.limit, gates.staff.limit], [64, 32, 16]);
  pressure.sample({ eventLoopDelayMs: 1000, heapPercent: 99 });
  pressure.sample({ eventLoopDelayMs: 1000, heapPercent: 99 });
  assert.deepEqual([gates.read.limit, gates.citizen.limit, gates.staff.limit], [16, 32, 16]);
  await app.close();
});

test('a refused request is answered on the server before Fastify: no hook, no body parsing, no compression, no log line', async () => {
  const lines: string[] = [];
  const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } } });
  const ran = { before: 0, after: 0, parsed: 0, onSend: 0 };
  // Stands in for the plugins registered before admission in app.ts (cookie, compression, helmet).
  app.addHook('onRequest', (_request, reply, done) => {
    ran.before++;
    reply.raw.setHeader('x-content-type-options', 'nosniff');
    done();
  });
  const options = { readSlots: 1, citizenSlots: 1, staffSlots: 1, maxWaitMs: 5000, tenantSharePercent: 50, tenantContendedReads: 1, tenantContendedTimePercent: 25, maxEventLoopDelayMs: 0, maxHeapPercent: 0 };
  const admission = registerAdmission(app, { ...options, tenantSlugs: new Set(['lemgo']) });
  // Stands in for everything after admission (session lookup, CSRF, caching, compression's onSend).
  app.addHook('onRequest', (_request, _reply, done) => (ran.after++, done()));
  app.addHook('onSend', (_request, _reply, payload, done) => (ran.onSend++, done(null, payload)));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => (ran.parsed++, done(null, body)));
  let letGo: () => void = () => {};
  const held = new Promise<void>((resolve) => (letGo = resolve));
  app.get('/lemgo/antrag/langsam', async () => (await held, 'fertig'));
  app.post('/lemgo/antrag/hund/schritt/person', async () => 'angenommen');
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    assert.equal((await fetch(`${base}/healthz`)).status, 404); // the first request readies the pre-rendered answers
    // Lemgo holds the citizen slot and fills its share of the line (2 of 4 places).
    const busy = [0, 1, 2].map(() => fetch(`${base}/lemgo/antrag/langsam`));
    await until(() => admission.gates.citizen.inFlight === 1 && admission.gates.citizen.queued === 2);
    const before = { ...ran, lines: lines.length };

    const shed = await fetch(`${base}/lemgo/antrag/hund/schritt/person`, {
      method: 'POST',
      body: 'vorname=Erika',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': 'br, gzip', cookie: 'kp_ort=lemgo; kp_lang=en' },
    });
    const body = await shed.text();
    assert.equal(shed.status, 503);
    assert.ok(Number(shed.headers.get('retry-after')) >= 10);
    assert.equal(shed.headers.get('cache-control'), 'no-store');
    assert.equal(shed.headers.get('content-encoding'), null, 'not compressed');
    assert.equal(shed.headers.get('x-content-type-options'), 'nosniff', 'the security headers of the app');
    assert.match(body, /<html lang="en">/);
    assert.match(body, /We could not accept the answers on this page yet/);
    assert.match(body, /href="\/lemgo\/antrag\/hund\/schritt\/person"[^>]*><span class="kern-label">Back to my application/);
    assert.match(body, /zurueck=%2Flemgo%2Fantrag%2Fhund%2Fschritt%2Fperson/);
    assert.deepEqual({ ...ran, lines: lines.length }, before, 'no hook, parser or onSend ran and nothing was logged');
    assert.deepEqual(admission.shed().citizen, { queue_full: 1, over_share: 0, timeout: 0 });

    // The same through app.inject (no server): decided in the onRequest hook, later hooks skipped.
    const injected = await app.inject({ method: 'POST', url: '/lemgo/antrag/hund/schritt/person', payload: 'vorname=Erika', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(injected.statusCode, 503);
    assert.match(injected.body, /Ihr Antrag ist sicher/);
    assert.deepEqual([ran.after, ran.parsed, ran.onSend], [before.after, before.parsed, before.onSend]);

    const metrics = await app.inject({ url: '/metrics' });
    assert.equal(metrics.statusCode, 404, 'no /metrics route in this app: nothing appended');
    letGo();
    assert.deepEqual((await Promise.all(busy)).map((r) => r.status), [200, 200, 200]);
    // Admitted requests run the whole chain as before.
    const accepted = await fetch(`${base}/lemgo/antrag/hund/schritt/person`, { method: 'POST', body: 'vorname=Erika', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(await accepted.text(), 'angenommen');
    assert.ok(ran.after > before.after && ran.parsed === before.parsed + 1);
    await until(() => admission.gates.citizen.inFlight === 0);
  } finally {
    letGo();
    await app.close();
  }
});

test('the busy signal follows the event loop: a blocked loop makes the process busy, a free one not', async () => {
  const monitor = new PressureMonitor({ maxEventLoopDelayMs: 0, maxHeapPercent: 0 });
  monitor.start();
  try {
    await new Promise((resolve) => setTimeout(resolve, 50));
    monitor.setLag(0);
    assert.equal(monitor.busy, false);
    // Block the loop for 200 ms a few times: the 10 ms ticker fires far too late.
    for (let i = 0; i < 3; i++) {
      const until = performance.now() + 200;
      while (performance.now() < until);
      await new Promise((resolve) => setTimeout(resolve, 12));
    }
    assert.equal(monitor.busy, true);
    monitor.setLag(0);
    assert.equal(monitor.busy, false);
  } finally {
    monitor.stop();
  }
});

test('whose requests were shed: /metrics counts them by municipality, and the summary line names them', async (context) => {
  // Only the summary's interval runs on the mock clock; the gates keep their real timers.
  context.mock.timers.enable({ apis: ['setInterval'] });
  const lines: string[] = [];
  const app = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => lines.push(line) } } });
  const options = { readSlots: 1, citizenSlots: 1, staffSlots: 1, maxWaitMs: 5000, tenantSharePercent: 50, tenantContendedReads: 1, tenantContendedTimePercent: 25, maxEventLoopDelayMs: 0, maxHeapPercent: 0 };
  const admission = registerAdmission(app, { ...options, tenantSlugs: new Set(['lemgo', 'detmold']) });
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  app.get('/metrics', async () => '# the registry of operations.ts\n');
  app.get('/:place/langsam', async () => (await held, 'fertig'));
  await app.ready();
  const summaries = () => lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'requests shed');
  try {
    // One read slot, four places in the line, two of them per municipality: Lemgo holds the slot
    // and fills its two places, Detmold the other two.
    const waiting = [...['lemgo', 'lemgo', 'lemgo', 'detmold', 'detmold'].map((place) => app.inject({ url: `/${place}/langsam` }))];
    await until(() => admission.gates.read.inFlight === 1 && admission.gates.read.queued === 4);
    const shed = await Promise.all(['lemgo', 'lemgo', 'detmold', 'leistungen'].map((place) => app.inject({ url: `/${place}/langsam` })));
    assert.deepEqual(shed.map((r) => r.statusCode), [503, 503, 503, 503]);

    const metrics = (await app.inject({ url: '/metrics' })).body;
    assert.match(metrics, /^kreisportal_admission_shed_total\{class="read",reason="queue_full",tenant="lemgo"\} 2$/m);
    assert.match(metrics, /^kreisportal_admission_shed_total\{class="read",reason="queue_full",tenant="detmold"\} 1$/m);
    assert.match(metrics, /^kreisportal_admission_shed_total\{class="read",reason="queue_full"\} 1$/m, 'the shared pages, without a tenant label');
    assert.match(metrics, /^kreisportal_admission_shed_total\{class="citizen",reason="queue_full"\} 0$/m, 'a class with no refusals still has its series');
    assert.doesNotMatch(metrics, /tenant="kreis-lippe"/, 'a municipality without refusals has none');

    context.mock.timers.tick(10_000);
    assert.equal(summaries().length, 1);
    assert.deepEqual(summaries()[0].shedInWindowByTenant, { lemgo: 2, detmold: 1, '(shared)': 1 });
    assert.equal(summaries()[0].shedInWindow, 4);

    // The next window names only what was shed in it.
    assert.equal((await app.inject({ url: '/detmold/langsam' })).statusCode, 503);
    context.mock.timers.tick(10_000);
    assert.deepEqual(summaries()[1]?.shedInWindowByTenant, { detmold: 1 });
    context.mock.timers.tick(10_000);
    assert.equal(summaries().length, 2, 'a window without refusals writes no line');

    release();
    assert.deepEqual((await Promise.all(waiting)).map((r) => r.statusCode), [200, 200, 200, 200, 200]);
  } finally {
    release();
    await app.close();
  }
});
