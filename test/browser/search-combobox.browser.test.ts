/**
 * The search field's suggestions in real Chromium (assets/catalog-search.js): the ARIA 1.2
 * combobox wiring, the keyboard, the live region, and axe on the page with the list open. The
 * same page without JavaScript is a plain form (the search journey in test/browser covers it).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserHarness } from '../../src/platform/testing/browser.ts';
import { importCatalog } from '../../src/modules/catalog/import-catalog.ts';

let harness: BrowserHarness;

before(async () => {
  harness = await BrowserHarness.start();
  await importCatalog(harness.testApp.db);
});
after(async () => {
  if (harness) await harness.close();
});

test('typing shows suggestions; arrows choose, Enter opens, Escape closes; the count is announced', async (t) => {
  const journey = await harness.startJourney({ javaScript: true });
  t.after(() => journey.close());
  const { page } = journey;
  await journey.visit('/leistungen');

  const field = page.getByRole('combobox', { name: 'Wonach suchen Sie?' });
  assert.equal(await field.getAttribute('aria-expanded'), 'false');
  assert.equal(await field.getAttribute('aria-autocomplete'), 'list');
  const listId = await field.getAttribute('aria-controls');
  assert.ok(listId);

  await field.pressSequentially('Perso', { delay: 30 });
  const list = page.locator(`#${listId}`);
  await list.getByRole('option').first().waitFor();
  assert.equal(await field.getAttribute('aria-expanded'), 'true');
  assert.equal(await list.getAttribute('role'), 'listbox');
  const options = list.getByRole('option');
  assert.ok((await options.count()) <= 8);
  assert.equal(await options.first().textContent(), 'Personalausweis Ausstellung');
  await page.getByRole('status').filter({ hasText: /Vorschläge?\./ }).waitFor();
  await journey.check();

  await field.press('ArrowDown');
  const firstId = await options.first().getAttribute('id');
  assert.equal(await field.getAttribute('aria-activedescendant'), firstId);
  assert.equal(await options.first().getAttribute('aria-selected'), 'true');
  await field.press('ArrowDown');
  await field.press('ArrowUp');
  assert.equal(await field.getAttribute('aria-activedescendant'), firstId);
  // Up from the first goes round to the last.
  await field.press('ArrowUp');
  assert.equal(await field.getAttribute('aria-activedescendant'), await options.last().getAttribute('id'));

  await field.press('Escape');
  assert.equal(await field.getAttribute('aria-expanded'), 'false');
  assert.equal(await field.getAttribute('aria-activedescendant'), null);
  assert.equal(await field.inputValue(), 'Perso', 'Escape keeps what was typed');

  await field.press('ArrowDown');
  assert.equal(await field.getAttribute('aria-expanded'), 'true');
  const opened = await journey.follow(() => field.press('Enter'));
  assert.equal(opened.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/leistungen/personalausweis-ausstellung');
  await journey.finish();
});

test('Enter without a chosen suggestion searches as the form does', async (t) => {
  const journey = await harness.startJourney({ javaScript: true });
  t.after(() => journey.close());
  const { page } = journey;
  await journey.visit('/leistungen');
  const field = page.getByRole('combobox', { name: 'Wonach suchen Sie?' });
  await field.pressSequentially('Hund anmelden', { delay: 20 });
  await page.getByRole('listbox').getByRole('option').first().waitFor();
  await journey.follow(() => field.press('Enter'));
  assert.equal(new URL(page.url()).pathname, '/leistungen');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'Hund anmelden');
  assert.equal(await page.locator('main ol a').first().textContent(), 'Hundehaltung Anmeldung');
  await journey.finish();
});

test('without JavaScript the results, the pages and "nothing found" pass axe', async (t) => {
  const journey = await harness.startJourney({ javaScript: false });
  t.after(() => journey.close());
  const { page } = journey;
  await journey.visit('/leistungen?q=Genehmigung');
  await journey.follow(() => page.getByRole('link', { name: 'Weitere Ergebnisse' }).click());
  assert.equal(new URL(page.url()).searchParams.get('seite'), '2');
  await journey.visit('/leistungen?q=xqzvbnm');
  assert.equal(await page.locator('main h2').first().textContent(), 'Keine Leistung gefunden');
  await journey.finish();
});
