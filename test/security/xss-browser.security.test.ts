/**
 * Stored XSS, attacked through the running app and judged by a real browser (issue 9, "Injection").
 * Each payload of the corpus below is entered, one payload per entity, into the text fields of an
 * application (the Sperrmüll form), a registration's display name, an offer of the back office,
 * a hub project (with a status report), idea (with a comment) and knowledge article, a staff
 * message, note and an applicant's answer on a case, and an E-Akte file and document. Then every
 * page that shows them is opened in Debian's Chromium with scripts on: no dialog may open, no
 * payload's flag (`window.__xss…`) may be set, no element may carry an event handler, inline
 * script, frame or `javascript:` URL, no CSP violation may be reported, every HTML answer must
 * carry `script-src 'self'` without unsafe-inline — and the payload must be shown literally as
 * text. One app and one browser for the whole file, so it stays well under two minutes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { sql } from '../../src/platform/db/sql.ts';
import { BrowserHarness } from '../../src/platform/testing/browser.ts';
import { TestClient, type TestApp } from '../../src/platform/testing/test-app.ts';
import { signedInStaff } from '../../src/platform/testing/signed-in.ts';
import { caseIdOf, publishSperrmuell, sperrmuellBase } from '../../src/modules/cases/test-support.ts';
import { positionId } from '../../src/modules/records/test-support.ts';
import { csrfOf, postMultipart } from './support/world.ts';

/**
 * The corpus (OWASP XSS Filter Evasion Cheat Sheet and PortSwigger's XSS cheat sheet): each sets
 * a `__xss` flag or opens a dialog if it ever runs. At most 100 characters (the shortest field).
 */
const payloads: readonly string[] = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=2">',
  "'><img src=x onerror='alert(3)'>",
  '<svg onload=window.__xss=4>',
  '<svg><script>window.__xss=5</script></svg>',
  '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
  '<iframe src="javascript:alert(7)"></iframe>',
  '<a href="javascript:window.__xss=8">Klick</a>',
  'javascript:window.__xss=9//',
  '[Klick](javascript:window.__xss=10)',
  '</textarea><script>window.__xss=11</script>',
  '</title></noscript><img src=x onerror=confirm(12)>',
  '`${window.__xss=13}`',
  '{{constructor.constructor("window.__xss=14")()}}',
  '\\u003cimg src=x onerror=window.__xss=15\\u003e',
  '<img src=x onerror=&#119;indow.__xss=16>',
  '<div style="width:expression(window.__xss=17)">x</div>',
  '<div style="background:url(javascript:window.__xss=18)">x</div>',
  '" autofocus onfocus="window.__xss=19" x="',
  "' onmouseover='window.__xss=20' x='",
  '<details open ontoggle=prompt(21)>',
  '--><script>window.__xss=22</script><!--',
  '<scr<script>ipt>window.__xss=23</scr</script>ipt>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=24>',
  '<object data="javascript:window.__xss=25"></object>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=26">',
  '<body onload=window.__xss=27>',
  '<input autofocus onfocus=alert(28)>',
];

type Shown = { payload: string; field: string };
type Visit = { kind: string; actor: TestClient | null; path: string; shows: Shown[] };
type PageReport = { findings: string[]; flags: string[]; text: string };

/**
 * Runs in the page (as source: the project compiles without the DOM library). Lists what only an
 * injection could have put there: event-handler attributes, inline script that is not a JSON-LD
 * data block, frames and plugins, `<base>`, meta refresh, script URLs in URL attributes, style
 * elements (the CSP allows no inline style, so the app has none) and script in style attributes. Also returns the
 * payload flags and the visible text with the values of form controls.
 */
const inspectPage = `(() => {
  const findings = [];
  const describe = (element) => '<' + element.localName + '>';
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background'];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) findings.push(describe(element) + ' with ' + name + '="' + attribute.value + '"');
      if (name === 'srcdoc') findings.push(describe(element) + ' with srcdoc="' + attribute.value + '"');
      // The app's own scripts set styles through the CSSOM (which the CSP allows): only script in CSS counts.
      if (name === 'style' && /expression|javascript:|url\\(/i.test(attribute.value)) findings.push(describe(element) + ' with style="' + attribute.value + '"');
      if (urlAttributes.includes(name) && /^\\s*(javascript|vbscript|data):/i.test(attribute.value)) findings.push(describe(element) + ' with ' + name + '="' + attribute.value + '"');
    }
    const tag = element.localName;
    if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'style', 'portal'].includes(tag)) findings.push(describe(element) + ' element');
    if (tag === 'meta' && element.hasAttribute('http-equiv')) findings.push('<meta http-equiv="' + element.getAttribute('http-equiv') + '">');
    if (tag === 'script') {
      const external = element.hasAttribute('src') && new URL(element.src, location.href).origin === location.origin;
      let dataBlock = element.type === 'application/ld+json';
      if (dataBlock) { try { JSON.parse(element.textContent); } catch { dataBlock = false; } }
      if (!external && !dataBlock) findings.push('inline or foreign <script>: ' + (element.getAttribute('src') || element.textContent).slice(0, 80));
    }
  }
  const flags = Object.getOwnPropertyNames(window).filter((name) => name.startsWith('__xss'));
  const controls = [...document.querySelectorAll('input, textarea')].map((control) => control.value);
  return { findings, flags, text: document.body.innerText + '\\n' + controls.join('\\n') };
})()`;

/** Chromium reports a blocked inline script or handler on the console: an injection that reached the DOM. */
const cspViolation = /Content Security Policy|Refused to (execute|load|apply|evaluate)/i;

let harness: BrowserHarness;
let t: TestApp;
before(async () => {
  harness = await BrowserHarness.start();
  t = harness.testApp;
});
after(async () => {
  await harness?.close();
});

const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('.');

function idIn(location: unknown): string {
  const id = /\/([0-9a-f-]{36})(\?|$|\/)/.exec(String(location))?.[1];
  assert.ok(id, `no id in ${String(location)}`);
  return id;
}

/** Posts a form and expects the 303 of a stored write. */
async function stored(client: TestClient, url: string, fields: Record<string, string>, what: string): Promise<string> {
  const response = await client.post(url, fields);
  assert.equal(response.statusCode, 303, `${what} was not stored: ${response.statusCode} ${response.body.slice(0, 600)}`);
  return String(response.headers.location);
}

/** A citizen registers with the payload as display name, confirms the address and signs in. */
async function registeredCitizen(index: number, displayName: string): Promise<TestClient> {
  const client = new TestClient(t.app);
  const email = `xss${index}.${process.pid}@citizens.test`;
  const password = 'Ein sicheres Passwort 123';
  await client.get('/registrieren');
  await stored(client, '/registrieren', { displayName, email, password }, `registration ${index}`);
  await t.drainOutbox();
  const mail = t.mails.filter((candidate) => candidate.to === email).at(-1);
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
  assert.ok(token, `no confirmation link for ${email}`);
  await client.get(`/konto/bestaetigen?token=${token}`);
  await stored(client, '/konto/bestaetigen', { token }, 'confirmation');
  await client.get('/anmelden');
  await stored(client, '/anmelden', { email, password }, 'login');
  return client;
}

/** Two lanes: the app (PGlite) and Chromium work side by side on the 2-core machine. */
const lanes = 2;

/** Runs `work` for every item, `lanes` at a time; each lane has its own number (and browser profiles). */
async function inLanes<T>(items: readonly T[], work: (item: T, lane: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
    while (next < items.length) await work(items[next++]!, lane);
  }));
}

/** One browser profile per actor and lane, holding the actor's current cookies (null: a stranger). */
class Browsers {
  private readonly contexts = new Map<string, { context: BrowserContext; page: Page; cookies: string }>();
  private readonly actors = new Map<TestClient | null, number>([[null, 0]]);
  /** What each tab shows now, for the messages of its listeners. */
  private readonly current = new Map<Page, string>();
  readonly failures: string[] = [];
  loads = 0;
  htmlResponses = 0;
  /** Payload × field × page renderings checked for the literal text. */
  renderings = 0;
  readonly kinds = new Set<string>();

  private async page(actor: TestClient | null, lane: number): Promise<Page> {
    if (!this.actors.has(actor)) this.actors.set(actor, this.actors.size);
    const key = `${this.actors.get(actor)}/${lane}`;
    let entry = this.contexts.get(key);
    if (!entry) {
      const context = await harness.newContext({ javaScript: true });
      const page = await context.newPage();
      const where = () => this.current.get(page) ?? '';
      page.on('dialog', (dialog) => {
        this.failures.push(`${where()}: a ${dialog.type()} dialog opened ("${dialog.message()}")`);
        void dialog.dismiss().catch(() => {});
      });
      page.on('console', (message) => {
        if (cspViolation.test(message.text())) this.failures.push(`${where()}: CSP violation (an injection reached the page): ${message.text().slice(0, 300)}`);
      });
      page.on('pageerror', (error) => this.failures.push(`${where()}: script error ${error.message}`));
      page.on('response', async (response) => {
        const type = (await response.headerValue('content-type').catch(() => null)) ?? '';
        if (!type.startsWith('text/html')) return;
        this.htmlResponses++;
        const csp = (await response.headerValue('content-security-policy').catch(() => null)) ?? '';
        const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1]?.trim();
        if (scriptSrc !== "'self'" || /unsafe-inline|unsafe-eval/.test(csp)) {
          this.failures.push(`${where()}: HTML answer ${response.url()} (${response.status()}) without CSP script-src 'self' only: "${csp}"`);
        }
      });
      entry = { context, page, cookies: '' };
      this.contexts.set(key, entry);
    }
    // The actor's cookies as its client holds them now (a sent application adds one); only when they changed.
    const cookies = ['kp_anon', 'kp_antrag', 'kp_session', 'kp_lang'].flatMap((name) => {
      const value = actor?.cookie(name);
      return value ? [{ name, value, url: harness.baseUrl }] : [];
    });
    const signature = JSON.stringify(cookies);
    if (signature !== entry.cookies) {
      await entry.context.clearCookies();
      if (cookies.length > 0) await entry.context.addCookies(cookies);
      entry.cookies = signature;
    }
    return entry.page;
  }

  /** Opens the page as the actor and records every sign of an injection and every payload not shown as text. */
  async render(visit: Visit, lane: number): Promise<void> {
    const page = await this.page(visit.actor, lane);
    const label = `${visit.kind} ${visit.path}`;
    this.current.set(page, label);
    const response = await page.goto(harness.url(visit.path), { waitUntil: 'load' });
    this.loads++;
    this.kinds.add(visit.kind);
    this.renderings += visit.shows.length;
    if (response?.status() !== 200) this.failures.push(`${label}: status ${response?.status() ?? 'none'}`);
    const report = await page.evaluate<PageReport>(inspectPage);
    for (const finding of report.findings) this.failures.push(`${label}: ${finding}`);
    for (const flag of report.flags) this.failures.push(`${label}: a payload ran and set window.${flag}`);
    for (const shown of visit.shows) {
      if (!report.text.includes(shown.payload)) this.failures.push(`${label}: ${shown.field} ${JSON.stringify(shown.payload)} is not shown literally as text`);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.contexts.values()].map((entry) => entry.context.close()));
  }
}

test(`${payloads.length} XSS payloads in every text field render as text in Chromium: nothing runs, CSP on every page`, async (context) => {
  const browsers = new Browsers();
  context.after(() => browsers.close());
  const visits: Visit[] = [];
  /** What each entity's pages show: the fields that carry its payload. */
  const fields = new Set<string>();
  const show = (payload: string, ...names: string[]): Shown[] => names.map((field) => (fields.add(field), { payload, field }));

  const started = Date.now();
  const { officeId } = await publishSperrmuell(t, 'lemgo', 'Abfallberatung Lemgo');
  assert.ok(officeId);
  const staff = await signedInStaff(t, 'lemgo', ['admin', 'caseworker', 'records_manager', 'coordinator']);
  const lemgoId = staff.tenantId;
  const base = sperrmuellBase('lemgo');
  const position = await positionId(t.db, lemgoId, '02.10');
  const stranger: TestClient | null = null;
  const all: { index: number; payload: string; reference: string; caseId: string; citizen: TestClient; serviceSlug: string; serviceKey: string; projectId: string; ideaId: string; articleId: string; fileId: string; documentId: string }[] = [];

  await inLanes([...payloads.entries()], async ([index, payload], lane) => {
    // The applicant: display name at registration, then every text field of the form.
    const citizen = await registeredCitizen(index, payload);
    await citizen.get(base);
    await stored(citizen, base, {}, 'start');
    const steps: [string, Record<string, string>][] = [
      ['kontakt', { vorname: payload, nachname: payload, email: `antrag${index}@example.test`, telefon: '' }],
      ['abholort', { 'abholanschrift.street': 'Marktplatz 5', 'abholanschrift.postcode': '32657', 'abholanschrift.place': 'Lemgo', stellplatz: payload }],
      ['sperrmuellArt', { gegenstaende: 'sonstiges', sonstigesBeschreibung: payload, menge: '2' }],
      ['termin', { wunschtermin: day(10) }],
    ];
    for (const [step, answers] of steps) await stored(citizen, `${base}/schritt/${step}`, answers, `step ${step} with ${payload}`);
    // The check page exists only until the application is sent: render it now.
    await citizen.get(`${base}/pruefen`);
    await browsers.render({ kind: 'check page', actor: citizen, path: `${base}/pruefen`, shows: show(payload, 'form: first name', 'form: last name', 'form: place of the items', 'form: description') }, lane);
    const receipt = await stored(citizen, `${base}/absenden`, { erklaerung: 'ja' }, 'sending');
    const reference = /ANT-\d{4}-[A-Z0-9]{6}/.exec(receipt)?.[0];
    assert.ok(reference, receipt);
    await t.drainOutbox();
    const caseId = await caseIdOf(t, reference);

    // Staff write back (a Rückfrage and an internal note); the applicant answers on the status page.
    const caseUrl = `/verwaltung/vorgaenge/${caseId}`;
    await staff.client.get(caseUrl);
    await stored(staff.client, `${caseUrl}/status`, { status: 'in_pruefung' }, 'examination');
    await stored(staff.client, `${caseUrl}/notiz`, { note: payload }, 'note');
    await stored(staff.client, `${caseUrl}/nachricht`, { message: payload, rueckfrage: 'ja' }, 'staff message');
    const statusPath = `/antraege/lemgo/${reference}`;
    const status = await citizen.get(statusPath);
    assert.equal(status.statusCode, 200);
    const answered = await postMultipart(citizen, `${statusPath}/antwort`, csrfOf(status), { antwort: payload }, []);
    assert.equal(answered.statusCode, 303, `applicant answer: ${answered.body.slice(0, 600)}`);

    // An offer of a service of its own, its texts the payload.
    const serviceKey = `99123456000${String(index).padStart(3, '0')}`;
    const serviceSlug = `xss-test-leistung-${index}`;
    await t.db.ownerTransaction((tx) => tx.query(sql`insert into services (key, name, slug, source_hash) values (${serviceKey}, ${`XSS-Test-Leistung ${index}`}, ${serviceSlug}, 'test')`));
    await staff.client.get('/verwaltung/angebote/neu');
    await stored(staff.client, '/verwaltung/angebote/neu', {
      serviceKey, officeId, fee: '', feeText: payload, processingTimeText: payload, processingDays: '14', requiredDocuments: payload,
      online: 'nein', onlineUrl: '', maturity: '', published: 'ja', demo: 'nein',
    }, 'offer');

    // Hub: a project with a status report, an idea with a comment, a knowledge article.
    await staff.client.get('/kooperation/projekte/neu');
    const projectId = idIn(await stored(staff.client, '/kooperation/projekte/neu', { title: payload, goal: payload, phase: 'umsetzung', status: 'im_plan' }, 'project'));
    await staff.client.get(`/kooperation/projekte/${projectId}`);
    await stored(staff.client, `/kooperation/projekte/${projectId}/sachstand`, { reportedOn: day(0), updateStatus: 'im_plan', updateBody: payload }, 'status report');
    await staff.client.get('/kooperation/ideen/neu');
    const ideaId = idIn(await stored(staff.client, '/kooperation/ideen/neu', { title: payload, body: payload }, 'idea'));
    await staff.client.get(`/kooperation/ideen/${ideaId}`);
    await stored(staff.client, `/kooperation/ideen/${ideaId}/kommentare`, { commentBody: payload }, 'comment');
    await staff.client.get('/kooperation/wissen/neu');
    const articleId = idIn(await stored(staff.client, '/kooperation/wissen/neu', { title: payload, body: payload, projectId: '', serviceKeys: '' }, 'article'));

    // E-Akte: a file and a document, both titled with the payload.
    await staff.client.get(`/verwaltung/akten/plan/${position}`);
    const fileId = idIn(await stored(staff.client, `/verwaltung/akten/plan/${position}/akten`, { fileTitle: payload }, 'record file'));
    const filePage = await staff.client.get(`/verwaltung/akten/${fileId}`);
    const documentFields = { title: payload, kind: 'schreiben', documentDate: day(0), direction: 'eingang', sender: payload, recipient: '', process: '' };
    const document = await postMultipart(staff.client, `/verwaltung/akten/${fileId}/dokumente`, csrfOf(filePage), documentFields, [{ name: 'brief.txt', data: Buffer.from(`Brief ${index}\n`) }], 'file');
    assert.equal(document.statusCode, 303, `record document: ${document.body.slice(0, 600)}`);
    const documentId = [...String(document.headers.location).matchAll(/[0-9a-f]{8}-[0-9a-f-]{27}/g)].at(-1)?.[0];
    assert.ok(documentId, String(document.headers.location));

    all.push({ index, payload, reference, caseId, citizen, serviceSlug, serviceKey, projectId, ideaId, articleId, fileId, documentId });
  });
  all.sort((a, b) => a.index - b.index);
  await t.drainOutbox();

  // Every page that shows an entity, as the person who sees it.
  for (const entity of all) {
    const { payload, citizen } = entity;
    const applicantShows = show(payload, 'form: description', 'staff message', 'applicant answer');
    visits.push(
      // The receipt names only the reference and the form: it is checked, but shows no payload.
      { kind: 'receipt page', actor: citizen, path: `${base}/eingang/${entity.reference}`, shows: [] },
      { kind: 'status page', actor: citizen, path: `/antraege/lemgo/${entity.reference}`, shows: applicantShows },
      { kind: 'account page', actor: citizen, path: '/konto', shows: show(payload, 'display name') },
      { kind: 'my applications', actor: citizen, path: '/konto/antraege', shows: [] },
      { kind: 'case page', actor: staff.client, path: `/verwaltung/vorgaenge/${entity.caseId}`, shows: show(payload, 'form: first name', 'form: description', 'staff message', 'staff note', 'applicant answer') },
      { kind: 'inbox search', actor: staff.client, path: `/verwaltung/vorgaenge?q=${entity.reference}`, shows: show(payload, 'form: last name') },
      { kind: 'offer page', actor: stranger, path: `/lemgo/leistungen/${entity.serviceSlug}`, shows: show(payload, 'offer: fee text', 'offer: processing time', 'offer: documents') },
      { kind: 'offer form', actor: staff.client, path: `/verwaltung/angebote/${entity.serviceKey}`, shows: show(payload, 'offer: fee text') },
      { kind: 'project page', actor: staff.client, path: `/kooperation/projekte/${entity.projectId}`, shows: show(payload, 'project: title', 'project: goal', 'project: status report') },
      { kind: 'project form', actor: staff.client, path: `/kooperation/projekte/${entity.projectId}/bearbeiten`, shows: show(payload, 'project: title') },
      { kind: 'idea page', actor: staff.client, path: `/kooperation/ideen/${entity.ideaId}`, shows: show(payload, 'idea: title', 'idea: body', 'idea: comment') },
      { kind: 'article page', actor: staff.client, path: `/kooperation/wissen/${entity.articleId}`, shows: show(payload, 'article: title', 'article: body') },
      { kind: 'record file page', actor: staff.client, path: `/verwaltung/akten/${entity.fileId}`, shows: show(payload, 'record file: title', 'record document: title') },
      // The search reflects the query into its input, and finds the article by the payload's words.
      { kind: 'knowledge search', actor: staff.client, path: `/kooperation/wissen?q=${encodeURIComponent(payload)}`, shows: show(payload, 'article: title') },
      { kind: 'record document page', actor: staff.client, path: `/verwaltung/akten/${entity.fileId}/dokumente/${entity.documentId}`, shows: show(payload, 'record document: title', 'record document: sender') },
    );
  }
  // Pages that list many entities at once.
  const everywhere = (...names: string[]) => all.flatMap((entity) => show(entity.payload, ...names));
  visits.push(
    { kind: 'inbox', actor: staff.client, path: '/verwaltung/vorgaenge?anzahl=100', shows: everywhere('form: last name') },
    { kind: 'offer list', actor: staff.client, path: '/verwaltung/angebote', shows: [] },
    { kind: 'hub overview', actor: staff.client, path: '/kooperation', shows: [] },
    { kind: 'project list', actor: staff.client, path: '/kooperation/projekte', shows: everywhere('project: title') },
    { kind: 'idea list', actor: staff.client, path: '/kooperation/ideen', shows: everywhere('idea: title') },
    { kind: 'knowledge list', actor: staff.client, path: '/kooperation/wissen', shows: [] },
    { kind: 'file plan position', actor: staff.client, path: `/verwaltung/akten/plan/${position}`, shows: everywhere('record file: title') },
    { kind: 'records search', actor: staff.client, path: `/verwaltung/akten/suche?position=${position}`, shows: everywhere('record document: title') },
    { kind: 'catalog search', actor: stranger, path: '/leistungen?q=XSS-Test-Leistung', shows: [] },
  );
  const entered = Date.now();
  await inLanes(visits, (visit, lane) => browsers.render(visit, lane));
  context.diagnostic(`entering took ${Math.round((entered - started) / 1000)} s, rendering ${Math.round((Date.now() - entered) / 1000)} s`);

  context.diagnostic(`${payloads.length} payloads × ${fields.size} text fields = ${payloads.length * fields.size} stored values`);
  context.diagnostic(`${browsers.loads} page loads in Chromium (${browsers.kinds.size} kinds of page), ${browsers.htmlResponses} HTML answers with their CSP checked`);
  context.diagnostic(`${browsers.renderings} payload × field × page renderings checked as literal text`);
  assert.deepEqual(browsers.failures, []);
});
