import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from '../../platform/db/sql.ts';
import { createOffersTestApp, type OffersTestApp } from './test-support.ts';
import { afterContentVersionTtl } from '../../platform/testing/content-version.ts';

let t: OffersTestApp;
before(async () => {
  t = await createOffersTestApp();
});
after(() => t.close());

async function slugOf(key: string): Promise<string> {
  const rows = await t.db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from services where key = ${key}`));
  return rows[0]!.slug;
}

/** The JSON-LD data block of a page, parsed. */
function jsonLd(body: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(body);
  assert.ok(match, 'page has a JSON-LD block');
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

test('the Personalausweis page of Detmold shows the Bürgerbüro, the fee, documents, maturity and the demo label', async () => {
  const slug = await slugOf('99008001012000');
  assert.equal(slug, 'personalausweis-ausstellung');
  const response = await t.app.inject({ method: 'GET', url: `/detmold/leistungen/${slug}` });
  assert.equal(response.statusCode, 200);
  const body = response.body;
  assert.match(body, /<h1 class="kern-heading-x-large">Personalausweis Ausstellung<\/h1>/);
  assert.match(body, /Für Einwohnerinnen und Einwohner von Detmold/);
  assert.match(body, /Beispieldaten/);
  assert.match(body, /<strong>Stadt Detmold<\/strong><br>Bürgerbüro/);
  assert.match(body, /Marktplatz 5<br>32756 Detmold/);
  assert.match(body, /Donnerstag<\/dt><dd class="kern-description-list-item__value">08:00–12:30, 14:00–18:00/);
  assert.match(body, /Samstag<\/dt><dd class="kern-description-list-item__value">geschlossen/);
  // German money format: 46,00 € (with a no-break space before the sign).
  assert.match(body, /<strong>46,00\s€<\/strong>/);
  assert.match(body, /PAuswGebV/);
  assert.match(body, /etwa 28 Tage/);
  assert.match(body, /<li>Bisheriger Personalausweis oder Reisepass<\/li>/);
  assert.match(body, /noch nicht online verfügbar/);
  assert.match(body, /Stufe 1 von 4 \(OZG-Reifegradmodell \(klassisch\)\) – noch nicht OZG-konform \(ab Stufe 3\)/);
  assert.match(body, /<link rel="canonical" href="http:\/\/portal\.test\/detmold\/leistungen\/personalausweis-ausstellung">\n<script type="application\/ld\+json">[\s\S]*<\/head>/);
  assert.equal(response.headers.link, '<http://portal.test/detmold/leistungen/personalausweis-ausstellung>; rel="canonical"');

  const data = jsonLd(body);
  assert.equal(data['@context'], 'https://schema.org');
  assert.equal(data['@type'], 'GovernmentService');
  assert.equal(data.name, 'Personalausweis Ausstellung');
  assert.equal(data.url, 'http://portal.test/detmold/leistungen/personalausweis-ausstellung');
  assert.deepEqual(data.provider, { '@type': 'GovernmentOrganization', name: 'Stadt Detmold', url: 'https://www.detmold.de' });
  const offer = data.offers as { '@type': string; price: string; priceCurrency: string; description: string };
  assert.deepEqual([offer['@type'], offer.price, offer.priceCurrency], ['Offer', '46.00', 'EUR']);
  assert.match(offer.description, /27,60 € unter 24 Jahren/);
  const channel = (data.availableChannel as { serviceLocation: { address: unknown; openingHoursSpecification: unknown[] } }[])[0]!;
  assert.deepEqual(channel.serviceLocation.address, { '@type': 'PostalAddress', streetAddress: 'Marktplatz 5', postalCode: '32756', addressLocality: 'Detmold', addressCountry: 'DE' });
  assert.deepEqual(channel.serviceLocation.openingHoursSpecification[0], { '@type': 'OpeningHoursSpecification', dayOfWeek: 'https://schema.org/Monday', opens: '08:00', closes: '12:30' });
});

test('a Kreis service on a municipality page names the Kreis, links the online application and points to the Kreis page', async () => {
  const slug = await slugOf('99036008007000');
  const response = await t.app.inject({ method: 'GET', url: `/augustdorf/leistungen/${slug}` });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /Für Einwohnerinnen und Einwohner von Augustdorf ist Kreis Lippe zuständig/);
  assert.match(response.body, /Felix-Fechenbach-Straße 5<br>32756 Detmold/);
  assert.match(response.body, /<a class="kern-btn kern-btn--primary" href="https:\/\/www\.kreis-lippe\.de\/[^"]+"><span class="kern-label">Jetzt online beantragen<\/span><\/a>/);
  assert.match(response.body, /Stufe 3 von 4 .* – OZG-konform umgesetzt/);
  assert.match(response.body, /Zulassungsbehörden sind die Kreise/);
  assert.match(response.body, new RegExp(`<link rel="canonical" href="http://portal.test/kreis-lippe/leistungen/${slug}">`));
  const data = jsonLd(response.body);
  assert.deepEqual(data.areaServed, { '@type': 'City', name: 'Augustdorf' });
  assert.ok((data.availableChannel as { serviceUrl?: string }[]).some((channel) => channel.serviceUrl?.startsWith('https://www.kreis-lippe.de/')));
  assert.equal((await t.app.inject({ method: 'GET', url: `/kreis-lippe/leistungen/${slug}` })).statusCode, 200);
});

test('the building permit page follows the Bauaufsicht split', async () => {
  const slug = await slugOf('99012008001000');
  const lemgo = await t.app.inject({ method: 'GET', url: `/lemgo/leistungen/${slug}` });
  assert.match(lemgo.body, /<strong>Stadt Lemgo<\/strong><br>Bauaufsicht/);
  assert.doesNotMatch(lemgo.body, /ist Kreis Lippe zuständig/);
  const kalletal = await t.app.inject({ method: 'GET', url: `/kalletal/leistungen/${slug}` });
  assert.match(kalletal.body, /<strong>Kreis Lippe<\/strong><br>Bauaufsicht/);
  assert.match(kalletal.body, /§ 57 Abs\. 1 BauO NRW 2018/);
});

test('the page speaks English when chosen; fees and dates in the English format', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/lage/leistungen/personalausweis-ausstellung', cookies: { kp_lang: 'en' } });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /For residents of Lage/);
  assert.match(response.body, /Sample data/);
  assert.match(response.body, /<strong>€46\.00<\/strong>/);
  assert.match(response.body, /Required documents/);
});

test('unknown tenant, unknown service and a service without an offer are 404', async () => {
  for (const url of [
    '/atlantis/leistungen/personalausweis-ausstellung',
    '/detmold/leistungen/gibt-es-nicht',
    '/detmold/leistungen/abdrucke-aus-dem-schuldnerverzeichnis',
    '/detmold/leistungen/Personalausweis',
  ]) {
    const response = await t.app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 404, url);
    assert.match(response.body, /Seite nicht gefunden/);
  }
});

test('an unpublished offer is not shown to citizens; a free offer says so', async () => {
  const slug = await slugOf('99102013000000');
  assert.match((await t.app.inject({ method: 'GET', url: `/blomberg/leistungen/${slug}` })).body, /<strong>gebührenfrei<\/strong>/);
  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set published = false where tenant_id = ${t.tenantId('blomberg')} and service_key = '99102013000000'`));
  await afterContentVersionTtl();
  assert.equal((await t.app.inject({ method: 'GET', url: `/blomberg/leistungen/${slug}` })).statusCode, 404);
  assert.equal((await t.app.inject({ method: 'GET', url: `/barntrup/leistungen/${slug}` })).statusCode, 200);
});

test('text from the database cannot break out of the JSON-LD block or the page', async () => {
  const evil = '</script><script>alert(1)</script> & <!--';
  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set fee_text = ${evil} where tenant_id = ${t.tenantId('extertal')} and service_key = '99008001012000'`));
  const response = await t.app.inject({ method: 'GET', url: '/extertal/leistungen/personalausweis-ausstellung' });
  assert.equal(response.statusCode, 200);
  assert.doesNotMatch(response.body, /<script>alert/);
  assert.equal((response.body.match(/<\/script>/g) ?? []).length, 1);
  assert.equal((jsonLd(response.body).offers as { description: string }).description, evil);
  assert.match(response.body, /&lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &lt;!--/);
});

test('an offer page is read once per data version: what the version does not cover stays as read until it moves', async () => {
  const slug = await slugOf('99102013000000');
  const url = `/barntrup/leistungen/${slug}`;
  await afterContentVersionTtl(); // earlier tests' changes have moved the version by now
  const before = (await t.app.inject({ method: 'GET', url })).body;
  const renamed = 'Umbenannt ohne neue Version';
  // A catalog import raises the version itself; a bare update of the service does not.
  await t.db.ownerTransaction((tx) => tx.query(sql`update services set name = ${renamed} where key = '99102013000000'`));
  await afterContentVersionTtl();
  const reused = (await t.app.inject({ method: 'GET', url })).body;
  assert.doesNotMatch(reused, new RegExp(renamed), 'the page was not read again');
  assert.equal(reused.match(/<h1[^>]*>[^<]*<\/h1>/)?.[0], before.match(/<h1[^>]*>[^<]*<\/h1>/)?.[0]);
  // Any change of an offer moves the version (migration 0019): the next request reads afresh.
  await t.db.ownerTransaction((tx) => tx.query(sql`update offers set fee_text = fee_text where service_key = '99102013000000'`));
  await afterContentVersionTtl();
  assert.match((await t.app.inject({ method: 'GET', url })).body, new RegExp(`<h1[^>]*>${renamed}</h1>`));
});
