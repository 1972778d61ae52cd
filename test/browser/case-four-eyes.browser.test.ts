/**
 * Issue 5's journey across both sides in real Chromium with page scripts off, axe on every page
 * either side loads, for a service that requires four eyes: the administrator switches the
 * four-eyes rule on in the case settings; a citizen applies for Sperrmüll in the browser;
 * caseworker A signs in, finds the case by its reference, takes it and asks for a missing
 * document; the applicant opens the notice link from the mail and answers with the file, by
 * keyboard; A drafts the Bescheid, which may only be submitted for approval (and which A cannot
 * approve); caseworker B approves it, which issues it; the applicant opens the decision notice and
 * downloads the Bescheid (a PDF) from the portal mailbox.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserHarness, type Journey } from '../../src/platform/testing/browser.ts';
import { addStaffUser } from '../../src/modules/accounts/index.ts';
import { noticeLinkFor, publishSperrmuell } from '../../src/modules/cases/test-support.ts';
import { answerByKeyboard, applyForSperrmuellInBrowser, claimAndAskForDocument, downloadBescheid, main, mainText, openFromInbox, signInOnTheWay } from './support/case-steps.ts';
import { onePagePdf } from './support/test-files.ts';

const password = 'Vier Augen sehen mehr 2026';
const staff = {
  admin: { email: 'verwaltung@detmold.four-eyes.test', name: 'Verwalterin Detmold', roles: ['admin'] as const },
  a: { email: 'sachbearbeitung-a@detmold.four-eyes.test', name: 'Sachbearbeiterin Anna', roles: ['caseworker'] as const },
  b: { email: 'sachbearbeitung-b@detmold.four-eyes.test', name: 'Sachbearbeiter Bernd', roles: ['caseworker'] as const },
};
let harness: BrowserHarness;

before(async () => {
  harness = await BrowserHarness.start();
  const { tenantId } = await publishSperrmuell(harness.testApp, 'detmold', 'Abfallberatung');
  for (const person of Object.values(staff)) {
    await addStaffUser(harness.testApp.db, { email: person.email, displayName: person.name, password, tenantId, roles: [...person.roles] });
  }
});
after(async () => {
  if (harness) await harness.close();
});

/** A fresh browser profile; the harness closes it at the end (the journey spans the tests below). */
const journeyFor = () => harness.startJourney({ javaScript: false });

/** The status page link of the newest notice to `email` with this subject, on the running server. */
async function noticeLink(email: string, subject: RegExp): Promise<string> {
  return harness.url((await noticeLinkFor(harness.testApp, email, subject)).path);
}

/** A caseworker signs in on the way to the inbox and opens the case found by its reference. */
async function openCase(email: string, reference: string): Promise<Journey> {
  const journey = await journeyFor();
  await signInOnTheWay(journey, '/verwaltung/vorgaenge', email, password);
  await openFromInbox(journey, reference, reference);
  return journey;
}

// One journey in three steps (each with its own time limit); a step fails when the one before did.
describe('case processing with four eyes in Chromium, JavaScript off', () => {
  const applicantEmail = 'klavier-vier-augen@example.test';
  let applicant: Journey;
  let a: Journey;
  let reference = '';
  let caseUrl = '';

  test('the administrator requires four eyes for the service in the case settings', async () => {
    const admin = await journeyFor();
    await signInOnTheWay(admin, '/verwaltung/vorgaenge/einstellungen', staff.admin.email, password);
    await admin.follow(() => main(admin).getByRole('link', { name: 'Sperrmüll Entsorgung bearbeiten' }).click());
    await admin.page.getByLabel(/^Vier-Augen-Prinzip: Bescheide dieser Leistung/).check();
    await admin.follow(() => main(admin).getByRole('button', { name: 'Speichern' }).click());
    assert.match(await mainText(admin), /Gespeichert\./);
    const row = main(admin).getByRole('row', { name: /Sperrmüll Entsorgung/ });
    assert.equal(((await row.locator('td').first().textContent()) ?? '').trim(), 'ja', 'the list shows four eyes for the service');
    await admin.finish();
  });

  test('the citizen applies, caseworker A takes the case and asks for a photo, the citizen answers with the file by keyboard', async () => {
    applicant = await journeyFor();
    reference = await applyForSperrmuellInBrowser(applicant, 'detmold', { vorname: 'Vera', nachname: 'Vieraugen', email: applicantEmail, item: 'Ein altes Klavier' });
    await harness.testApp.drainOutbox();

    // Caseworker A takes the case and asks for a photo.
    a = await openCase(staff.a.email, reference);
    caseUrl = a.page.url();
    assert.match(await mainText(a), /Ein altes Klavier/, 'the case shows the answers');
    await claimAndAskForDocument(a, staff.a.name, 'Bitte laden Sie ein Foto des Klaviers hoch.');

    // The applicant answers through the notice link, with the file, by keyboard.
    await applicant.visit(await noticeLink(applicantEmail, /^Neue Nachricht zu Ihrem Antrag/));
    assert.match(await mainText(applicant), /Bitte laden Sie ein Foto des Klaviers hoch\./);
    await answerByKeyboard(applicant, 'Anbei das Foto des Klaviers.', onePagePdf('Klavier-Foto.pdf', 'Ein Klavier'));
    assert.equal(await main(applicant).getByRole('link', { name: 'Klavier-Foto.pdf' }).count(), 1, 'the answer shows its file');
  });

  test('A drafts the Bescheid and submits it for approval, B approves it, the citizen downloads it', async () => {
    assert.ok(caseUrl, 'the step before reached the case');
    // A sees the answer, drafts the Bescheid and can only submit it for approval.
    await a.visit(caseUrl);
    assert.match(await mainText(a), /Anbei das Foto des Klaviers\./);
    const fileLink = main(a).getByRole('link', { name: 'Klavier-Foto.pdf' });
    const served = await a.page.request.get(new URL((await fileLink.getAttribute('href')) ?? '', harness.baseUrl).href);
    assert.equal(served.headers()['content-type'], 'application/pdf');
    await a.follow(() => main(a).getByRole('link', { name: 'Bescheid entwerfen' }).click());
    await a.page.getByLabel('Bewilligt', { exact: true }).check();
    await a.follow(() => main(a).getByRole('button', { name: 'Entwurf anlegen' }).click());
    assert.match(await mainText(a), /Für diese Leistung gilt das Vier-Augen-Prinzip/);
    assert.equal(await main(a).getByRole('button', { name: 'Speichern und Bescheid erlassen' }).count(), 0, 'no direct issue under four eyes');
    await a.follow(() => main(a).getByRole('button', { name: 'Speichern und zur Freigabe vorlegen' }).click());
    assert.match(await mainText(a), /Der Entwurf liegt zur Freigabe vor\./);
    assert.match(await mainText(a), /Stand ?Wartet auf Freigabe/);
    assert.match(await mainText(a), /Eine andere Person muss ihn freigeben\./);
    assert.equal(await main(a).getByRole('button', { name: 'Freigeben und Bescheid erlassen' }).count(), 0, 'the author cannot approve');
    await a.finish();

    // Not decided yet for the applicant.
    await applicant.visit(applicant.page.url());
    assert.doesNotMatch(await mainText(applicant), /Stand ?Entschieden/);

    // Caseworker B approves, which issues the Bescheid.
    const b = await openCase(staff.b.email, reference);
    assert.match(await mainText(b), /Stand: Wartet auf Freigabe/);
    await b.follow(() => main(b).getByRole('link', { name: 'Zum Bescheid' }).click());
    await b.follow(() => main(b).getByRole('button', { name: 'Freigeben und Bescheid erlassen' }).click());
    const decided = await mainText(b);
    assert.match(decided, /Der Bescheid ist erlassen\./);
    assert.match(decided, new RegExp(`Freigegeben von ?${staff.b.name}`));
    assert.match(decided, new RegExp(`Entwurf zuletzt bearbeitet von ?${staff.a.name}`));
    await b.finish();

    // The applicant opens the decision notice and downloads the Bescheid.
    await applicant.visit(await noticeLink(applicantEmail, /^Entscheidung über Ihren Antrag/));
    assert.match(await mainText(applicant), /Stand ?Entschieden/);
    const href = await main(applicant).getByRole('link', { name: 'Bescheid herunterladen (PDF)' }).getAttribute('href');
    const response = await applicant.page.request.get(new URL(href ?? '', applicant.page.url()).href);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    const pdf = await downloadBescheid(applicant, reference);
    assert.ok(pdf.equals(await response.body()), 'the download is the served Bescheid');
    await applicant.finish();
  });
});
