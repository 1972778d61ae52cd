/**
 * Applying online through real Chromium, with page scripts on and off, axe on every page: the
 * Sperrmüll form of Detmold from start to receipt, one invalid step on the way.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserHarness, type Journey } from '../../src/platform/testing/browser.ts';
import { createForm, publishDraft } from '../../src/modules/forms/store/index.ts';
import { fixture, staffOf } from '../../src/modules/forms/store/test-support.ts';
import { todayInGermany } from '../../src/modules/forms/web/published.ts';

const base = '/detmold/antrag/sperrmuell-abholung';
let harness: BrowserHarness;

before(async () => {
  harness = await BrowserHarness.start();
  const staff = await staffOf(harness.testApp.db, 'detmold');
  const form = await createForm(harness.testApp.db, staff, fixture('sperrmuell'));
  await publishDraft(harness.testApp.db, staff, form.formId);
});

after(async () => {
  if (harness) await harness.close();
});

async function startJourney(t: TestContext, javaScript: boolean): Promise<Journey> {
  const journey = await harness.startJourney({ javaScript });
  t.after(() => journey.close());
  return journey;
}

/** A day `days` after today, as a German citizen types it (dd.mm.yyyy). */
function inDays(days: number): string {
  const day = new Date(`${todayInGermany()}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  const iso = day.toISOString().slice(0, 10);
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

const main = (journey: Journey) => journey.page.getByRole('main');
const next = (journey: Journey) => journey.follow(() => main(journey).getByRole('button', { name: 'Weiter' }).click());

for (const javaScript of [true, false]) {
  describe(`applying online in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    test('start, fill in each step, check the answers, declare and submit; the receipt names the reference', async (t) => {
      const journey = await startJourney(t, javaScript);
      const { page } = journey;
      await journey.visit(base);
      await journey.follow(() => main(journey).getByRole('button', { name: /starten/i }).click());

      // Contact: first an incomplete submit, answered with the error summary.
      await page.getByLabel('Vorname').fill('Erika');
      const invalid = await next(journey);
      assert.equal(invalid.status(), 422);
      assert.match(await page.title(), /^Fehler: /);
      assert.match((await page.getByRole('alert').textContent()) ?? '', /Nachname/);
      await page.getByLabel('Nachname').fill('Mustermann');
      await page.getByLabel(/E-Mail/).first().fill('erika@example.org');
      assert.equal((await next(journey)).status(), 200);

      // Pick-up address.
      await page.getByLabel(/Straße/).fill('Marktplatz 5');
      await page.getByLabel(/Postleitzahl/).fill('32756');
      await page.getByLabel(/^Ort/).fill('Detmold');
      await next(journey);

      // What is collected.
      await page.getByLabel(/Möbel/).check();
      await page.getByLabel(/Wie viel ist es/).fill('2');
      await next(journey);

      // Date at least a week ahead.
      await page.getByLabel('Wunschtermin', { exact: true }).fill(inDays(10));
      await next(journey);

      // Check your answers, declaration, submit.
      assert.match((await main(journey).textContent()) ?? '', /Mustermann[\s\S]*Marktplatz 5/);
      await page.getByLabel('Ich bestätige diese Erklärung.').check();
      const receipt = await journey.follow(() => main(journey).getByRole('button', { name: /absenden/i }).click());
      assert.equal(receipt.status(), 200);
      assert.match(page.url(), /\/eingang\/ANT-\d{4}-[A-Z0-9]{6}$/);
      const reference = /ANT-\d{4}-[A-Z0-9]{6}/.exec(page.url())![0];
      assert.match((await main(journey).textContent()) ?? '', new RegExp(reference));
      await journey.finish();
    });
  });
}
