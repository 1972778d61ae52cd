/**
 * Issue 7's journeys in real Chromium with page scripts off, axe on every page (hub.browser.test.ts
 * visits the pages; these are the journeys its "Done when" names):
 * - Detmold's coordinator posts an idea (by keyboard); the coordinators of Lemgo and Blomberg vote
 *   and comment; Detmold turns it into a project, which keeps the comments, and reports a Sachstand.
 * - Detmold proposes a joint procurement; Detmold, Lemgo and Blomberg declare their demand; the
 *   pooled volume shows three participants and the CSV for the procurement office lists them.
 * - Blomberg's coordinator changes an offer's OZG maturity level in the offers back office, and
 *   the public OZG dashboard shows the new level.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BrowserHarness, type Journey } from '../../src/platform/testing/browser.ts';
import { sql } from '../../src/platform/db/sql.ts';
import { addStaffUser } from '../../src/modules/accounts/index.ts';
import { importCatalog } from '../../src/modules/catalog/index.ts';
import { seedDemoOffers } from '../../src/modules/offers/index.ts';
import { focused } from './support/focus.ts';
import { germanDayIn, heading, main, mainText, pathOf, signInOnTheWay } from './support/case-steps.ts';

const password = 'Gemeinsam digital in Lippe 2026';
const municipalities = { detmold: 'Detmold', lemgo: 'Lemgo', blomberg: 'Blomberg' } as const;
type Slug = keyof typeof municipalities;
const emailOf = (slug: Slug) => `cdo@${slug}.hub-journeys.test`;
let harness: BrowserHarness;

before(async () => {
  harness = await BrowserHarness.start();
  const db = harness.testApp.db;
  await importCatalog(db);
  await seedDemoOffers(db);
  for (const slug of Object.keys(municipalities) as Slug[]) {
    const [tenant] = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = ${slug}`));
    assert.ok(tenant, slug);
    await addStaffUser(db, { email: emailOf(slug), displayName: `CDO ${municipalities[slug]}`, password, tenantId: tenant.id, roles: ['coordinator'] });
  }
});
after(async () => {
  if (harness) await harness.close();
});

async function coordinator(t: TestContext, slug: Slug, path: string): Promise<Journey> {
  const journey = await harness.startJourney({ javaScript: false });
  t.after(() => journey.close());
  await signInOnTheWay(journey, path, emailOf(slug), password);
  return journey;
}

const hubNav = (journey: Journey) => journey.page.getByRole('navigation', { name: 'Bereiche der Kooperation' });

describe('cooperation hub journeys in Chromium, JavaScript off', () => {
  test('an idea gets votes and comments from two other municipalities and becomes a project with a Sachstand', async (t) => {
    const detmold = await coordinator(t, 'detmold', '/kooperation');
    const { page } = detmold;
    await detmold.follow(() => hubNav(detmold).getByRole('link', { name: 'Ideen', exact: true }).click());
    await detmold.follow(() => main(detmold).getByRole('link', { name: 'Idee vorschlagen' }).click());
    // By keyboard: title, Tab, description, Tab to the button, Enter.
    await page.getByLabel('Titel', { exact: true }).focus();
    await page.keyboard.type('Terminbuchung für alle Bürgerbüros');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ein gemeinsames Terminsystem statt sechzehn einzelner.');
    await page.keyboard.press('Tab');
    assert.equal((await focused(page))?.text, 'Idee vorschlagen', 'Tab leads from the description to the button');
    await detmold.follow(() => page.keyboard.press('Enter'));
    assert.equal(await heading(detmold), 'Terminbuchung für alle Bürgerbüros');
    assert.match(await mainText(detmold), /Noch keine Stimmen|Stimmen/);
    const ideaPath = pathOf(detmold);

    for (const [slug, comment] of [['lemgo', 'Lemgo hat Interesse.'], ['blomberg', 'Blomberg bringt Erfahrung aus dem Pilot mit.']] as const) {
      const other = await coordinator(t, slug, ideaPath);
      await other.follow(() => main(other).getByRole('button', { name: `Für ${municipalities[slug]} abstimmen` }).click());
      assert.match(await mainText(other), new RegExp(`Dafür: .*${municipalities[slug]}`));
      await other.page.getByLabel('Kommentar').fill(comment);
      await other.follow(() => main(other).getByRole('button', { name: 'Kommentieren' }).click());
      assert.ok((await mainText(other)).includes(comment));
      await other.finish();
    }

    await detmold.visit(ideaPath);
    const votes = /Dafür: ([^.]*?)(?: Für| Sie|$)/.exec(await mainText(detmold))?.[1] ?? '';
    assert.deepEqual(votes.split(', ').map((name) => name.trim()).sort(), ['Blomberg', 'Lemgo'], `one vote each from Lemgo and Blomberg: ${votes}`);
    await detmold.follow(() => main(detmold).getByRole('button', { name: 'Zum Projekt machen' }).click());
    assert.match(pathOf(detmold), /^\/kooperation\/projekte\//);
    assert.equal(await heading(detmold), 'Terminbuchung für alle Bürgerbüros');
    const project = await mainText(detmold);
    assert.ok(project.includes('Lemgo hat Interesse.') && project.includes('Blomberg bringt Erfahrung aus dem Pilot mit.'), 'the project keeps the idea\'s comments');
    await page.getByLabel('Sachstand in wenigen Sätzen').fill('Anforderungen mit Lemgo und Blomberg abgestimmt.');
    await detmold.follow(() => main(detmold).getByRole('button', { name: 'Sachstand melden' }).click());
    assert.match((await main(detmold).locator('ol.timeline').textContent()) ?? '', /Anforderungen mit Lemgo und Blomberg abgestimmt\./);
    // The idea now points at its project.
    await detmold.visit(ideaPath);
    assert.equal(await main(detmold).getByRole('button', { name: 'Zum Projekt machen' }).count(), 0);
    assert.equal(await main(detmold).getByRole('link', { name: 'Terminbuchung für alle Bürgerbüros' }).count(), 1);
    await detmold.finish();
  });

  test('a joint procurement collects the demand of three municipalities and is exported as CSV', async (t) => {
    const detmold = await coordinator(t, 'detmold', '/kooperation/beschaffung');
    const { page } = detmold;
    await detmold.follow(() => main(detmold).getByRole('link', { name: 'Beschaffung vorschlagen' }).click());
    await page.getByLabel('Titel', { exact: true }).fill('Tablets für den Außendienst');
    await page.getByLabel('Beschreibung').fill('Robuste Tablets mit Stift für Ordnungsamt und Bauaufsicht.');
    await page.getByLabel('Einheit').fill('Stück');
    await page.getByLabel('Geschätzter Stückpreis in Euro').fill('450,00');
    await page.getByLabel('Frist für Meldungen').fill(germanDayIn(30));
    await detmold.follow(() => main(detmold).getByRole('button', { name: 'Beschaffung vorschlagen' }).click());
    assert.equal(await heading(detmold), 'Tablets für den Außendienst');
    const procurementPath = pathOf(detmold);

    const demand: Record<Slug, { quantity: string; budget: string; contact: string }> = {
      detmold: { quantity: '10', budget: '4500', contact: 'IT Detmold' },
      lemgo: { quantity: '5', budget: '2250', contact: 'IT Lemgo' },
      blomberg: { quantity: '7', budget: '3150', contact: 'IT Blomberg' },
    };
    for (const slug of Object.keys(demand) as Slug[]) {
      const journey = slug === 'detmold' ? detmold : await coordinator(t, slug, procurementPath);
      if (slug === 'detmold') await detmold.visit(procurementPath);
      await journey.page.getByLabel('Ja, wir haben Bedarf').check();
      await journey.page.getByLabel('Menge (Stück)').fill(demand[slug].quantity);
      await journey.page.getByLabel('Budget in Euro').fill(demand[slug].budget);
      await journey.page.getByLabel('Ansprechperson').fill(demand[slug].contact);
      await journey.follow(() => main(journey).getByRole('button', { name: 'Meldung speichern' }).click());
      assert.match(await mainText(journey), /Gespeichert/);
      if (journey !== detmold) await journey.finish();
    }

    await detmold.visit(procurementPath);
    const pooled = ((await main(detmold).locator('dl.pooled').textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(pooled, /Kommunen mit Bedarf ?3/);
    assert.match(pooled, /Menge insgesamt ?22 Stück/);
    assert.match(pooled, /Geschätztes Volumen ?9\.900,00 €/);

    const downloading = page.waitForEvent('download');
    await main(detmold).getByRole('link', { name: 'Als CSV herunterladen (für die Vergabestelle)' }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^bedarfsbuendelung-[0-9a-f]{8}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split(/\r?\n/);
    assert.match(lines[0] ?? '', /^Kommune[;,]Meldung[;,]Menge[;,]Einheit/);
    assert.equal(lines.length, 4, `a header and one row per municipality:\n${csv}`);
    for (const slug of Object.keys(demand) as Slug[]) {
      const row = lines.find((line) => line.startsWith(municipalities[slug]));
      assert.ok(row, `a row for ${municipalities[slug]}:\n${csv}`);
      const cells = row.split(/[;,](?=(?:[^"]*"[^"]*")*[^"]*$)/).map((cell) => cell.replace(/^"|"$/g, ''));
      assert.equal(cells[1], 'Bedarf');
      assert.equal(cells[2], demand[slug].quantity);
      assert.equal(cells[3], 'Stück');
      assert.ok(row.includes(demand[slug].contact), row);
    }
    await detmold.finish();
  });

  test('the OZG dashboard shows a maturity level changed in the offers back office', async (t) => {
    const db = harness.testApp.db;
    // A published offer of Blomberg with a level, and another level of its model.
    const [offer] = await db.ownerTransaction((tx) => tx.query<{ service_key: string; name: string; level: number; min_level: number; max_level: number }>(sql`
      select o.service_key, s.name, o.maturity_level as level, m.min_level, m.max_level
      from offers o join tenants t on t.id = o.tenant_id join services s on s.key = o.service_key join ozg_maturity_models m on m.name = o.maturity_model
      where t.slug = 'blomberg' and o.published and o.maturity_level is not null
      order by s.name limit 1`));
    assert.ok(offer, 'the demo offers give Blomberg a published offer with a maturity level');
    const newLevel = offer.level < offer.max_level ? offer.level + 1 : offer.min_level;

    const dashboardCell = async (journey: Journey) => {
      const row = main(journey).getByRole('row').filter({ has: journey.page.getByRole('rowheader', { name: offer.name, exact: true }) });
      assert.equal(await row.count(), 1, `one matrix row for ${offer.name}`);
      return ((await row.locator('td .kern-badge').textContent()) ?? '').trim();
    };
    const anonymous = async () => {
      const journey = await harness.startJourney({ javaScript: false });
      t.after(() => journey.close());
      return journey;
    };
    const citizen = await anonymous();
    const before = await citizen.visit('/ozg-dashboard?kommune=blomberg');
    assert.match((await before.headerValue('cache-control')) ?? '', /^public/, 'anonymous visitors get a cacheable page');
    assert.equal(await dashboardCell(citizen), String(offer.level), 'before: the seeded level');
    await citizen.finish();

    const blomberg = await coordinator(t, 'blomberg', '/verwaltung/angebote');
    await blomberg.follow(() => main(blomberg).getByRole('link', { name: new RegExp(`^Bearbeiten ?: ${offer.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click());
    const maturity = blomberg.page.getByLabel('OZG-Reifegrad');
    const option = maturity.locator('option', { hasText: new RegExp(`: Stufe ${newLevel}$`) });
    await maturity.selectOption((await option.getAttribute('value')) ?? `level ${newLevel}`);
    await blomberg.follow(() => main(blomberg).getByRole('button', { name: 'Speichern' }).click());
    assert.match(await mainText(blomberg), /Die Änderungen wurden gespeichert\./);

    // The coordinator's own dashboard (a personal page: never kept by a cache) shows the new level …
    const own = await blomberg.visit('/ozg-dashboard?kommune=blomberg');
    assert.equal(await own.headerValue('cache-control'), 'no-store', 'a signed-in member\'s dashboard is not cacheable');
    assert.equal(await dashboardCell(blomberg), String(newLevel), 'after: the level set in the back office');
    await blomberg.finish();

    // … and so does the public dashboard, also with the minimum-level filter.
    const visitor = await anonymous();
    await visitor.visit(`/ozg-dashboard?kommune=blomberg&mindeststufe=${newLevel}`);
    assert.equal(await dashboardCell(visitor), String(newLevel), 'the public dashboard shows the new level');
    await visitor.finish();
  });
});
