/**
 * The error summary's links lead the keyboard into every kind of question, with page scripts on
 * and off: a set of check boxes (focus on the first box, Space ticks it) and an address asked as
 * one fieldset (focus on the question, Tab to its first field). Text fields are covered by the
 * journeys of each demo form (antrag-*.browser.test.ts).
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserHarness, type Journey } from '../../src/platform/testing/browser.ts';
import { createForm, publishDraft } from '../../src/modules/forms/store/index.ts';
import { fixture, staffOf } from '../../src/modules/forms/store/test-support.ts';
import { walkOf } from './support/application-journey.ts';
import { expectFocusOn, focused } from './support/focus.ts';

const base = '/detmold/antrag/sperrmuell-abholung';
const walk = walkOf('sperrmuell');
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

const main = (journey: Journey) => journey.page.getByRole('main');
const next = (journey: Journey) => journey.follow(() => main(journey).getByRole('button', { name: 'Weiter', exact: true }).click());

/** Sends the step empty: 422; Tab from the focused summary reaches the link to `fieldId`, Enter follows it. */
async function followSummaryLink(journey: Journey, fieldId: string): Promise<void> {
  const { page } = journey;
  assert.equal((await next(journey)).status(), 422);
  await expectFocusOn(page, 'error-summary', 'the error summary has the focus');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page))?.href, `#${fieldId}`, 'the first link of the summary');
  await page.keyboard.press('Enter');
}

for (const javaScript of [true, false]) {
  describe(`the error summary in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    test('its links put the focus on the first check box and on the address question', async (t) => {
      const journey = await startJourney(t, javaScript);
      const { page } = journey;
      await journey.visit(base);
      await journey.follow(() => main(journey).getByRole('button', { name: 'Antrag starten' }).click());
      for (const [name, value] of Object.entries(walk.steps[0]?.[1] ?? {})) await page.locator(`main [name="${name}"]`).fill(value);
      assert.equal((await next(journey)).status(), 200);

      // The address, nothing filled in: the link leads to its fieldset, Tab to its first field.
      await followSummaryLink(journey, 'f-abholanschrift');
      await expectFocusOn(page, 'f-abholanschrift', 'the address question takes the focus');
      await page.keyboard.press('Tab');
      await expectFocusOn(page, 'f-abholanschrift-street', 'Tab goes on to the street');
      await page.keyboard.type('Marktplatz 5');
      await page.getByLabel('Postleitzahl').fill('32756');
      await page.getByLabel('Ort', { exact: true }).fill('Detmold');
      assert.equal((await next(journey)).status(), 200);

      // Nothing ticked: the link leads to the first box, and Space ticks it.
      await followSummaryLink(journey, 'f-gegenstaende');
      await expectFocusOn(page, 'f-gegenstaende', 'the first check box takes the focus');
      await page.keyboard.press('Space');
      assert.ok(await page.locator('#f-gegenstaende').isChecked(), 'Space ticks the focused box');
      await journey.finish();
    });
  });
}
