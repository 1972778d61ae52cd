/**
 * The citizen's way to a service through real Chromium, with page scripts on and off, axe on
 * every page: search on the home page, pick the place, open the service page, see who is
 * responsible, open the offer page and follow the link to the online application.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserHarness, type Journey } from '../../src/platform/testing/browser.ts';
import { importCatalog } from '../../src/modules/catalog/index.ts';
import { seedDemoOffers } from '../../src/modules/offers/index.ts';

/** The online application of the demo Gewerbeanmeldung; this machine has no internet, so a stand-in answers. */
const onlineApplication = 'https://service.wirtschaft.nrw/online-antraege';
const standIn = '<!doctype html><html lang="de"><head><title>Online-Antrag</title></head><body><main><h1>Online-Antrag Gewerbeanmeldung</h1></main></body></html>';

let harness: BrowserHarness;

before(async () => {
  harness = await BrowserHarness.start();
  await importCatalog(harness.testApp.db);
  await seedDemoOffers(harness.testApp.db);
});

after(async () => {
  if (harness) await harness.close();
});

async function startJourney(t: TestContext, javaScript: boolean): Promise<Journey> {
  const journey = await harness.startJourney({ javaScript });
  t.after(() => journey.close());
  await journey.context.route(`${onlineApplication}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: standIn }));
  return journey;
}

const heading = async (journey: Journey) => (await journey.page.locator('h1').textContent())?.trim();

for (const javaScript of [true, false]) {
  describe(`finding a service in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    test('search, choose the place, see who is responsible, follow to the online application', async (t) => {
      const journey = await startJourney(t, javaScript);
      const { page } = journey;
      await journey.visit('/');

      // Search from the home page: the form is a plain GET form.
      await page.locator('#home-search-q').fill('Gewerbe anmelden');
      const results = await journey.follow(() => page.locator('#home-search-q').press('Enter'));
      assert.equal(results.status(), 200);
      assert.match(page.url(), /\/leistungen\?q=Gewerbe(\+|%20)anmelden/);
      const first = page.locator('main ol a, main ul a').first();
      assert.match((await first.textContent()) ?? '', /Gewerbe/);

      // The service page asks where the citizen lives.
      await journey.follow(() => first.click());
      const serviceUrl = new URL(page.url()).pathname;
      assert.match(serviceUrl, /^\/leistungen\/[a-z0-9-]+$/);
      await journey.follow(() => page.getByRole('main').getByRole('link', { name: 'Wohnort wählen' }).click());
      assert.equal(await heading(journey), 'Wo wohnen Sie?');
      await page.getByLabel('Postleitzahl oder Ort').fill('32657');
      await journey.follow(() => page.getByRole('button', { name: 'Weiter' }).click());
      assert.equal(new URL(page.url()).pathname, serviceUrl, 'back on the service page');
      assert.match((await page.locator('.place-bar').textContent()) ?? '', /Lemgo/);
      assert.match((await page.getByRole('main').textContent()) ?? '', /Für Einwohnerinnen und Einwohner von Lemgo ist zuständig: Stadt Lemgo\./);

      // The offer page of the responsible town, with its online application.
      await journey.follow(() => page.getByRole('link', { name: /Alles zu dieser Leistung in Lemgo/ }).click());
      assert.match(new URL(page.url()).pathname, /^\/lemgo\/leistungen\//);
      const online = page.getByRole('link', { name: /online beantragen/i }).first();
      assert.equal(await online.getAttribute('href'), onlineApplication);
      await journey.follow(() => online.click());
      assert.equal(page.url(), onlineApplication);
      assert.equal(await heading(journey), 'Online-Antrag Gewerbeanmeldung');
      await journey.finish();
    });

    test('a search without results says so and gives tips', async (t) => {
      const journey = await startJourney(t, javaScript);
      await journey.visit('/leistungen?q=xqzvwk');
      assert.match((await journey.page.getByRole('main').textContent()) ?? '', /Keine Leistung gefunden/);
      assert.match((await journey.page.getByRole('main').textContent()) ?? '', /Prüfen Sie die Schreibweise/);
      await journey.finish();
    });
  });
}
