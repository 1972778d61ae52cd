/**
 * Steps of the case journeys that more than one browser test takes (case-processing and
 * case-four-eyes): signing in on the way to a back-office page, applying for Sperrmüll in the
 * browser, the caseworker's Rückfrage, the applicant's answer by keyboard on the status page and
 * the download of the Bescheid from the portal mailbox. Every page is loaded through the journey,
 * so axe checks each one.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Journey } from '../../../src/platform/testing/browser.ts';
import { expectFocusOn, focused } from './focus.ts';
import type { TestFile } from './test-files.ts';

export const main = (journey: Journey) => journey.page.getByRole('main');
export const mainText = async (journey: Journey) => ((await main(journey).textContent()) ?? '').replace(/\s+/g, ' ');
/** A section of the case page, by the id of its heading (h-assign, h-status, h-message …). */
export const section = (journey: Journey, heading: string) => main(journey).locator(`section[aria-labelledby="${heading}"]`);
export const pathOf = (journey: Journey) => new URL(journey.page.url()).pathname;
export const heading = async (journey: Journey) => ((await main(journey).locator('h1').textContent()) ?? '').replace(/\s+/g, ' ').trim();

/**
 * Opens a page that needs a login, is sent to /anmelden, signs in with the page's own form and
 * lands on the page it asked for.
 */
export async function signInOnTheWay(journey: Journey, path: string, email: string, password: string): Promise<void> {
  await journey.visit(path);
  assert.equal(pathOf(journey), '/anmelden', `${path} asks for a login first`);
  await journey.page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await journey.page.getByLabel('Passwort', { exact: true }).fill(password);
  await journey.follow(() => main(journey).getByRole('button', { name: 'Anmelden', exact: true }).click());
  assert.equal(pathOf(journey), path.split('?')[0], 'after the login the page asked for opens');
}

/** In the inbox: filters by `search` (a name or the reference) and opens the case `reference`. */
export async function openFromInbox(staff: Journey, search: string, reference: string): Promise<void> {
  await main(staff).locator('summary', { hasText: 'Filtern' }).click();
  await staff.page.getByLabel('Suche', { exact: true }).fill(search);
  await staff.follow(() => main(staff).getByRole('button', { name: 'Anwenden' }).click());
  await staff.follow(() => main(staff).getByRole('link', { name: reference }).click());
  assert.equal(await heading(staff), `Vorgang ${reference}`);
}

/** A day `days` from now as a German types it (dd.mm.yyyy). */
export function germanDayIn(days: number): string {
  return new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10).split('-').reverse().join('.');
}

/**
 * The citizen applies for a Sperrmüll collection in the browser, from the form's start page to
 * the receipt; returns the reference the receipt names.
 */
export async function applyForSperrmuellInBrowser(journey: Journey, tenantSlug: string, person: { vorname: string; nachname: string; email: string; item: string }): Promise<string> {
  const { page } = journey;
  const next = () => journey.follow(() => main(journey).getByRole('button', { name: 'Weiter', exact: true }).click());
  await journey.visit(`/${tenantSlug}/antrag/sperrmuell-abholung`);
  await journey.follow(() => main(journey).getByRole('button', { name: 'Antrag starten' }).click());
  await page.getByLabel('Vorname').fill(person.vorname);
  await page.getByLabel('Nachname').fill(person.nachname);
  await page.getByLabel(/^E-Mail-Adresse/).fill(person.email);
  await next();
  await page.getByLabel(/Straße/).fill('Marktplatz 5');
  await page.getByLabel(/Postleitzahl/).fill('32756');
  await page.getByLabel(/^Ort/).fill('Detmold');
  await next();
  await page.getByLabel('Etwas anderes', { exact: true }).check();
  await page.getByLabel(/^Was ist es\?/).fill(person.item);
  await page.getByLabel(/Wie viel ist es/).fill('2');
  await next();
  await page.getByLabel('Wunschtermin', { exact: true }).fill(germanDayIn(10));
  await next();
  assert.equal(pathOf(journey), `/${tenantSlug}/antrag/sperrmuell-abholung/pruefen`, 'every step was accepted');
  assert.ok((await mainText(journey)).includes(person.item), 'the check page shows the answers');
  await page.getByLabel('Ich bestätige diese Erklärung.').check();
  const receipt = await journey.follow(() => main(journey).getByRole('button', { name: 'Antrag absenden' }).click());
  assert.equal(receipt.status(), 200);
  const reference = /\/eingang\/(ANT-\d{4}-[A-Z0-9]{6})$/.exec(pathOf(journey))?.[1];
  assert.ok(reference, `the receipt's address names the reference: ${pathOf(journey)}`);
  assert.equal((await main(journey).locator('.receipt-reference').textContent())?.trim(), reference);
  return reference;
}

/**
 * On the case page: the caseworker takes the case (assigns it to `assignee`), starts examining it
 * and asks the applicant for a document, expecting a reply (status "Rückfrage an Antragsteller").
 */
export async function claimAndAskForDocument(staff: Journey, assignee: string, request: string): Promise<void> {
  const { page } = staff;
  await section(staff, 'h-assign').getByLabel('Zuständig').selectOption({ label: assignee });
  await staff.follow(() => section(staff, 'h-assign').getByRole('button', { name: 'Speichern' }).click());
  await section(staff, 'h-status').getByLabel('Neuer Status').selectOption('in_pruefung');
  await staff.follow(() => section(staff, 'h-status').getByRole('button', { name: 'Speichern' }).click());
  await page.getByRole('textbox', { name: 'Nachricht an den Antragsteller', exact: true }).fill(request);
  await page.getByLabel(/^Antwort anfordern/).check();
  await staff.follow(() => main(staff).getByRole('button', { name: 'Nachricht senden' }).click());
  const facts = await mainText(staff);
  assert.match(facts, /Status ?Rückfrage an Antragsteller/);
  assert.ok(facts.includes(`Zuständig ${assignee}`) || facts.includes(`Zuständig${assignee}`), `the case names ${assignee} as assignee: ${facts.slice(0, 400)}`);
}

/**
 * The status page by keyboard: the choice how the Bescheid comes (Space ticks the radio, Tab
 * leads to its button, Enter sends), then the answer: typing, Tab to the file input (the file is
 * handed to it), Tab to "Senden", Enter sends.
 */
export async function answerByKeyboard(journey: Journey, text: string, file: TestFile): Promise<void> {
  const { page } = journey;
  await page.getByLabel('Im Portal zum Abruf. Ich willige ein.').focus();
  await page.keyboard.press('Space');
  assert.ok(await page.getByLabel('Im Portal zum Abruf. Ich willige ein.').isChecked(), 'Space chooses the radio');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page))?.text, 'Wahl speichern', 'Tab leaves the radio group for its button');
  await journey.follow(() => page.keyboard.press('Enter'));
  assert.match(await mainText(journey), /Ihre Wahl wurde gespeichert\./);
  assert.match(await mainText(journey), /eingewilligt, den Bescheid im Portal abzurufen/);

  await page.getByLabel('Ihre Antwort').focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
  await expectFocusOn(page, 'f-dateien', 'Tab leads from the answer to the file input');
  // The file itself is chosen in the operating system's dialog, which a headless browser does not
  // show reliably: the focused input receives it directly (the keyboard path to it is checked above).
  await page.locator('#f-dateien').setInputFiles(file);
  await page.keyboard.press('Tab');
  assert.equal((await focused(page))?.text, 'Senden', 'Tab leads to the send button');
  await journey.follow(() => page.keyboard.press('Enter'));
  assert.match(await mainText(journey), /Ihre Nachricht wurde gesendet\./);
}

/** The applicant downloads the Bescheid from the status page's mailbox: a PDF named after the reference. */
export async function downloadBescheid(applicant: Journey, reference: string): Promise<Buffer> {
  const downloading = applicant.page.waitForEvent('download');
  await main(applicant).getByRole('link', { name: 'Bescheid herunterladen (PDF)' }).click();
  const download = await downloading;
  assert.equal(download.suggestedFilename(), `Bescheid-${reference}.pdf`);
  const pdf = fs.readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the Bescheid is a PDF');
  return pdf;
}
