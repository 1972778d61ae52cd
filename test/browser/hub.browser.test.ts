/**
 * The digital officers' hub in real Chromium with page scripts off (the hub needs none), axe on
 * every page seen: a coordinator posts an idea, another municipality votes and comments, the idea
 * becomes a project with a status update; a joint procurement collects demand; every main hub page
 * and the public OZG dashboard pass the WCAG 2.1 AA rules.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserHarness, type Journey } from '../../src/platform/testing/browser.ts';
import { addStaffUser } from '../../src/modules/accounts/index.ts';
import { importCatalog } from '../../src/modules/catalog/index.ts';
import { seedDemoOffers } from '../../src/modules/offers/index.ts';
import { seedDemoHub } from '../../src/modules/hub/index.ts';
import { sql } from '../../src/platform/db/sql.ts';

const password = 'Kooperation im Kreis 2026';
let harness: BrowserHarness;

before(async () => {
  harness = await BrowserHarness.start();
  const db = harness.testApp.db;
  await importCatalog(db);
  await seedDemoOffers(db);
  await seedDemoHub(db);
  for (const slug of ['detmold', 'lemgo']) {
    const [tenant] = await db.ownerTransaction((tx) => tx.query<{ id: string }>(sql`select id from tenants where slug = ${slug}`));
    await addStaffUser(db, { email: `cdo@${slug}.browser.test`, displayName: `CDO ${slug}`, password, tenantId: tenant!.id, roles: ['coordinator'] });
  }
});

after(async () => {
  if (harness) await harness.close();
});

async function signIn(t: TestContext, slug: string): Promise<Journey> {
  const journey = await harness.startJourney({ javaScript: false });
  t.after(() => journey.close());
  await journey.visit('/kooperation');
  await journey.page.getByLabel('E-Mail-Adresse', { exact: true }).fill(`cdo@${slug}.browser.test`);
  await journey.page.getByLabel('Passwort', { exact: true }).fill(password);
  await journey.follow(() => journey.page.getByRole('button', { name: 'Anmelden', exact: true }).click());
  assert.equal(new URL(journey.page.url()).pathname, '/kooperation');
  return journey;
}

const heading = async (journey: Journey) => (await journey.page.locator('h1').textContent())?.trim();
const hubNav = (journey: Journey) => journey.page.getByRole('navigation', { name: 'Bereiche der Kooperation' });

describe('cooperation hub in Chromium, JavaScript off', () => {
  test('every main page of the hub and the dashboard is reachable from the hub navigation and axe-clean', async (t) => {
    const journey = await signIn(t, 'detmold');
    assert.equal(await heading(journey), 'Kooperation der Digitalisierungsbeauftragten');
    for (const [link, title] of [
      ['Projekte', 'Gemeinsame Projekte'], ['Ideen', 'Ideen'], ['Termine', 'Termine und Schulungen'], ['Bedarfsbündelung', 'Bedarfsbündelung'],
      ['Wissen', 'Wissen'], ['Mitglieder', 'Mitglieder'], ['Mein Profil', 'Mein Profil'],
    ] as const) {
      await journey.follow(() => hubNav(journey).getByRole('link', { name: link, exact: true }).click());
      assert.equal(await heading(journey), title);
    }
    // The forms to create entries, each empty.
    for (const [path, title] of [['/kooperation/projekte/neu', 'Neues Projekt'], ['/kooperation/termine/neu', 'Neuer Termin'], ['/kooperation/beschaffung/neu', 'Gemeinsame Beschaffung vorschlagen'], ['/kooperation/wissen/neu', 'Neuer Artikel']] as const) {
      await journey.visit(path);
      assert.equal(await heading(journey), title);
    }
    await journey.follow(() => hubNav(journey).getByRole('link', { name: 'Projekte', exact: true }).click());
    await journey.follow(() => journey.page.getByRole('link', { name: 'E-Akte in allen Verwaltungen' }).click());
    assert.equal(await heading(journey), 'E-Akte in allen Verwaltungen Beispieldaten');
    await journey.follow(() => hubNav(journey).getByRole('link', { name: 'Termine', exact: true }).click());
    await journey.follow(() => journey.page.getByRole('link', { name: 'Workshop: Online-Formulare mit FIM bauen' }).click());
    await journey.follow(() => journey.page.getByRole('button', { name: 'Anmelden', exact: true }).click());
    assert.match((await journey.page.locator('main').textContent()) ?? '', /Sie sind angemeldet\./);
    await journey.follow(() => hubNav(journey).getByRole('link', { name: 'Wissen', exact: true }).click());
    await journey.page.getByLabel('Artikel durchsuchen').fill('Bauamt');
    await journey.follow(() => journey.page.getByRole('button', { name: 'Suchen' }).click());
    assert.match((await journey.page.locator('main').textContent()) ?? '', /1 Artikel zu „Bauamt“/);
    await journey.follow(() => hubNav(journey).getByRole('link', { name: 'OZG-Dashboard', exact: true }).click());
    assert.equal(await heading(journey), 'OZG-Dashboard');
    await journey.page.getByLabel('Kommune').selectOption('detmold');
    await journey.follow(() => journey.page.getByRole('button', { name: 'Anwenden' }).click());
    assert.match(journey.page.url(), /kommune=detmold/);
    assert.equal(await journey.page.getByRole('img', { name: 'Angebote nach Reifegrad' }).count(), 1);
    await journey.finish();
  });

  test('an idea gets a vote and a comment from another municipality and becomes a project with a status update', async (t) => {
    const detmold = await signIn(t, 'detmold');
    await detmold.follow(() => hubNav(detmold).getByRole('link', { name: 'Ideen', exact: true }).click());
    await detmold.follow(() => detmold.page.getByRole('link', { name: 'Idee vorschlagen' }).click());
    const empty = await detmold.follow(() => detmold.page.getByRole('button', { name: 'Idee vorschlagen' }).click());
    assert.equal(empty.status(), 422);
    await detmold.page.getByLabel('Titel').fill('Gemeinsames Bürgerkonto-Training');
    await detmold.page.getByLabel('Beschreibung').fill('Ein Schulungspaket für alle Bürgerbüros.');
    await detmold.follow(() => detmold.page.getByRole('button', { name: 'Idee vorschlagen' }).click());
    const ideaUrl = detmold.page.url();

    const lemgo = await signIn(t, 'lemgo');
    await lemgo.visit(ideaUrl);
    await lemgo.follow(() => lemgo.page.getByRole('button', { name: 'Für Lemgo abstimmen' }).click());
    await lemgo.page.getByLabel('Kommentar').fill('Lemgo macht mit.');
    await lemgo.follow(() => lemgo.page.getByRole('button', { name: 'Kommentieren' }).click());
    assert.match((await lemgo.page.locator('main').textContent()) ?? '', /Dafür: Lemgo/);
    await lemgo.finish();

    await detmold.visit(ideaUrl);
    await detmold.follow(() => detmold.page.getByRole('button', { name: 'Zum Projekt machen' }).click());
    assert.equal(await heading(detmold), 'Gemeinsames Bürgerkonto-Training');
    assert.match((await detmold.page.locator('main').textContent()) ?? '', /Lemgo macht mit\./);
    await detmold.page.getByLabel('Sachstand in wenigen Sätzen').fill('Auftakt mit Lemgo vereinbart.');
    await detmold.follow(() => detmold.page.getByRole('button', { name: 'Sachstand melden' }).click());
    assert.match((await detmold.page.locator('ol.timeline').textContent()) ?? '', /Auftakt mit Lemgo vereinbart\./);
    await detmold.finish();
  });

  test('a joint procurement collects the demand of a municipality and offers the CSV export', async (t) => {
    const detmold = await signIn(t, 'detmold');
    await detmold.follow(() => hubNav(detmold).getByRole('link', { name: 'Bedarfsbündelung', exact: true }).click());
    await detmold.follow(() => detmold.page.getByRole('link', { name: 'Dokumentenscanner für die E-Akte' }).click());
    await detmold.page.getByLabel('Ja, wir haben Bedarf').check();
    await detmold.page.getByLabel('Menge (Stück)').fill('22');
    await detmold.follow(() => detmold.page.getByRole('button', { name: 'Meldung speichern' }).click());
    assert.match((await detmold.page.locator('dl.pooled').textContent()) ?? '', /34 Stück/);
    const download = detmold.page.getByRole('link', { name: 'Als CSV herunterladen (für die Vergabestelle)' });
    assert.match((await download.getAttribute('href')) ?? '', /\/bedarf\.csv$/);
    await detmold.finish();
  });
});
