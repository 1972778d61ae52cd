import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../platform/testing/test-app.ts';
import { assetUrl } from '../../../platform/views/assets.ts';
import { importCatalog } from '../import-catalog.ts';
import { sql } from '../../../platform/db/sql.ts';
import { afterContentVersionTtl } from '../../../platform/testing/content-version.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
  await importCatalog(t.db);
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** The service links of a results page, in order. */
function resultLinks(body: string): string[] {
  const list = /<ol class="kern-list kern-list--number service-results"[^>]*>([\s\S]*?)<\/ol>/.exec(body);
  return [...(list?.[1] ?? '').matchAll(/href="(\/leistungen\/[a-z0-9-]+)"/g)].map((match) => match[1] ?? '');
}

test('without a query the page shows the search form, labelled, as a GET form that needs no script', async () => {
  for (const url of ['/leistungen', '/leistungen?q=', '/leistungen?q=%20%20']) {
    const response = await get(url);
    assert.equal(response.statusCode, 200, url);
    assert.match(response.body, /<form class="service-search" method="get" action="\/leistungen" role="search"/);
    assert.match(response.body, /<label class="kern-label" for="service-search-q">Wonach suchen Sie\?<\/label>/);
    assert.match(response.body, /<input class="kern-form-input__input" id="service-search-q" name="q" type="search"[^>]*aria-describedby="service-search-q-hint"/);
    assert.doesNotMatch(response.body, /service-results/);
    // The enhancement is an external script (CSP script-src 'self'), never inline.
    assert.match(response.body, /<script src="\/assets\/catalog-search\.js\?v=[0-9a-f]+" defer><\/script>/);
    assert.doesNotMatch(response.body, /<script>/);
  }
});

test('a query lists the services as links, the obvious one first, with the count', async () => {
  const response = await get('/leistungen?q=Personalausweis');
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /<title>Suche: Personalausweis – /);
  assert.match(response.body, /Ergebnisse für „Personalausweis“/);
  assert.match(response.body, /\d+ Leistungen gefunden/);
  assert.match(response.body, /name="q" type="search"[^>]*value="Personalausweis"/);
  const links = resultLinks(response.body);
  assert.equal(links[0], '/leistungen/personalausweis-ausstellung');
  assert.ok(links.length > 1 && links.length <= 20);
  assert.match(response.body, /Gehört zu: Personalausweis/);
});

test('nothing found: a clear message, tips and searches that do find something', async () => {
  const response = await get('/leistungen?q=%3Cscript%3Exqzvw(1)%3C%2Fscript%3E');
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /<h2 class="kern-heading-medium">Keine Leistung gefunden<\/h2>/);
  assert.match(response.body, /Zu „&lt;script&gt;xqzvw\(1\)&lt;\/script&gt;“ haben wir keine Leistung gefunden\./);
  assert.doesNotMatch(response.body, /<script>xqzvw/);
  assert.match(response.body, /Prüfen Sie die Schreibweise/);
  assert.match(response.body, /href="\/leistungen\?q=Hund\+anmelden"/);
});

test('a repeated q on the page counts once, an overlong one is cut', async () => {
  assert.equal(resultLinks((await get('/leistungen?q=Sperrm%C3%BCll&q=Hund')).body)[0], '/leistungen/sperrmuell-entsorgung');
  const long = await get(`/leistungen?q=${'Personalausweis%20'.repeat(20)}`);
  assert.equal(long.statusCode, 200);
  assert.equal(resultLinks(long.body)[0], '/leistungen/personalausweis-ausstellung');
});

test('many results come 20 a page, with links to the next and previous page', async () => {
  const first = await get('/leistungen?q=Genehmigung');
  const total = Number(/(\d+(?:\.\d+)?) Leistungen gefunden/.exec(first.body)?.[1]?.replace('.', ''));
  assert.ok(total > 40, `${total} results`);
  assert.equal(resultLinks(first.body).length, 20);
  assert.match(first.body, /Sie sehen die Ergebnisse 1 bis 20\./);
  assert.match(first.body, /<a class="kern-link" rel="next" href="\/leistungen\?q=Genehmigung&amp;seite=2">Weitere Ergebnisse<\/a>/);
  assert.doesNotMatch(first.body, /rel="prev"/);

  const second = await get('/leistungen?q=Genehmigung&seite=2');
  assert.match(second.body, /<ol class="kern-list kern-list--number service-results" start="21">/);
  assert.match(second.body, /rel="prev" href="\/leistungen\?q=Genehmigung"/);
  const overlap = resultLinks(first.body).filter((link) => resultLinks(second.body).includes(link));
  assert.deepEqual(overlap, []);

  const beyond = await get('/leistungen?q=Genehmigung&seite=99');
  assert.equal(beyond.statusCode, 200);
  assert.match(beyond.body, /Auf dieser Seite gibt es keine Ergebnisse mehr\./);
  assert.match(beyond.body, new RegExp(`${total.toLocaleString('de-DE')} Leistungen gefunden`));
  // A page number that is none counts as the first page.
  assert.equal(resultLinks((await get('/leistungen?q=Genehmigung&seite=abc')).body)[0], resultLinks(first.body)[0]);
});

test('the page speaks English when the visitor chose it; service names stay German', async () => {
  const response = await get('/leistungen?q=Sperrm%C3%BCll', { cookie: 'kp_lang=en' });
  assert.match(response.body, /<label class="kern-label" for="service-search-q">What are you looking for\?<\/label>/);
  assert.match(response.body, /Results for “Sperrmüll”/);
  assert.match(response.body, /<a class="kern-link" href="\/leistungen\/sperrmuell-entsorgung" lang="de">Sperrmüll Entsorgung<\/a>/);
});

test('the suggestion API answers the top 8 as {key, name, slug}, best first', async () => {
  const response = await get('/api/v1/suggest?q=Perso');
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  assert.match(String(response.headers['cache-control']), /max-age=/);
  const suggestions = response.json() as { key: string; name: string; slug: string }[];
  assert.ok(suggestions.length > 0 && suggestions.length <= 8);
  assert.deepEqual(suggestions[0], { key: '99008001012000', name: 'Personalausweis Ausstellung', slug: 'personalausweis-ausstellung' });
  assert.deepEqual(Object.keys(suggestions[1] ?? {}).sort(), ['key', 'name', 'slug']);

  assert.deepEqual((await get('/api/v1/suggest?q=')).json(), []);
  assert.deepEqual((await get('/api/v1/suggest')).json(), []);
  assert.equal(((await get('/api/v1/suggest?q=Hund%20anmelden')).json() as { key: string }[])[0]?.key, '99110009104000');
  // The API validates what its OpenAPI description promises: one `q`.
  assert.equal((await get('/api/v1/suggest?q=a&q=b')).statusCode, 400);
});

test('the search field script is served with a content hash and a JavaScript type', async () => {
  const response = await get(assetUrl('catalog-search.js'));
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/javascript/);
  assert.match(response.body, /role', 'combobox'/);
});

test('results and suggestions are kept until the data version moves; the results page is one a proxy may keep', async () => {
  const word = 'Quorkelschein';
  const first = await get(`/leistungen?q=${word}`);
  assert.match(first.body, /Keine Leistung gefunden/);
  assert.equal(first.headers['cache-control'], 'public, max-age=60, stale-while-revalidate=600');
  assert.equal(first.headers.vary, 'Cookie');
  assert.deepEqual((await get(`/api/v1/suggest?q=${word}`)).json(), []);

  const [original] = await t.db.ownerTransaction((tx) => tx.query<{ name: string }>(sql`select name from services where slug = 'sperrmuell-entsorgung'`));
  await t.db.ownerTransaction((tx) => tx.query(sql`update services set name = ${`${word} ${original!.name}`} where slug = 'sperrmuell-entsorgung'`));
  try {
    await afterContentVersionTtl();
    // Only `kreisportal catalog import` changes the catalog, and each import moves the version:
    // an edit behind its back is not seen, which shows the answers are kept.
    assert.match((await get(`/leistungen?q=${word}`)).body, /Keine Leistung gefunden/);

    await t.db.ownerTransaction((tx) => tx.query(sql`update tenants set name = name`));
    await afterContentVersionTtl();
    const changed = await get(`/leistungen?q=${word}`);
    assert.deepEqual(resultLinks(changed.body), ['/leistungen/sperrmuell-entsorgung']);
    assert.notEqual(changed.headers.etag, first.headers.etag, 'a proxy revalidating its copy gets the new page');
    assert.equal((await get(`/api/v1/suggest?q=${word}`)).json<{ slug: string }[]>()[0]?.slug, 'sperrmuell-entsorgung');
  } finally {
    await t.db.ownerTransaction((tx) => tx.query(sql`update services set name = ${original!.name} where slug = 'sperrmuell-entsorgung'`));
  }
});
