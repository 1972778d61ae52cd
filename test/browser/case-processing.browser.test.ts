/**
 * Case processing across both sides in real Chromium, with page scripts off and on, axe on every
 * page either side loads: a citizen's application becomes a case; the caseworker signs in, finds
 * it by search, opens it, takes it, examines it and asks for a missing document; the applicant
 * opens the notice link from the mail (another browser: the access secret travels in the forms),
 * chooses how the Bescheid comes and answers with a file — by keyboard; the caseworker sees the
 * answer and the file and issues the Bescheid (no four eyes for this service); the applicant
 * downloads it from the portal mailbox.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserHarness, type Journey } from '../../src/platform/testing/browser.ts';
import { TestClient } from '../../src/platform/testing/test-app.ts';
import { addStaffUser } from '../../src/modules/accounts/index.ts';
import { applyForSperrmuell, noticeLinkFor, publishSperrmuell } from '../../src/modules/cases/test-support.ts';
import { answerByKeyboard, claimAndAskForDocument, downloadBescheid, main, mainText, openFromInbox, signInOnTheWay } from './support/case-steps.ts';
import { onePagePdf } from './support/test-files.ts';

const password = 'Sachbearbeitung im Kreis 2026';
let harness: BrowserHarness;
let tenantId: string;

before(async () => {
  harness = await BrowserHarness.start();
  ({ tenantId } = await publishSperrmuell(harness.testApp, 'detmold', 'Abfallberatung'));
});
after(async () => {
  if (harness) await harness.close();
});

/** The status page link of the newest notice to `email` with this subject, on the running server. */
async function noticeLink(email: string, subject: RegExp): Promise<string> {
  return harness.url((await noticeLinkFor(harness.testApp, email, subject)).path);
}

async function journeyFor(t: TestContext, javaScript: boolean): Promise<Journey> {
  const journey = await harness.startJourney({ javaScript });
  t.after(() => journey.close());
  return journey;
}

/** The caseworker signs in on the way to the inbox and lands there. */
async function signInToInbox(t: TestContext, javaScript: boolean, email: string): Promise<Journey> {
  const journey = await journeyFor(t, javaScript);
  await signInOnTheWay(journey, '/verwaltung/vorgaenge', email, password);
  return journey;
}

function caseProcessingJourney(javaScript: boolean): void {
  const mode = javaScript ? 'an' : 'aus';
  test(`from the application to the downloaded Bescheid, with a Rückfrage answered by a document (JavaScript ${mode})`, async (t) => {
    const caseworker = `sachbearbeitung-${mode}@detmold.browser.test`;
    await addStaffUser(harness.testApp.db, { email: caseworker, displayName: `Sachbearbeiterin ${mode}`, password, tenantId, roles: ['caseworker'] });
    const applicantEmail = `klavier-${mode}@example.test`;
    const surname = javaScript ? 'Flügelmann' : 'Tastenreich';
    const reference = await applyForSperrmuell(new TestClient(harness.testApp.app), 'detmold', { vorname: 'Klara', nachname: surname, email: applicantEmail });
    await harness.testApp.drainOutbox();

    // The caseworker finds the case by the applicant's name and opens it.
    const staff = await signInToInbox(t, javaScript, caseworker);
    const { page } = staff;
    await openFromInbox(staff, surname, reference);
    const caseUrl = page.url();

    await claimAndAskForDocument(staff, `Sachbearbeiterin ${mode}`, 'Bitte laden Sie ein Foto des Klaviers hoch.');

    // The applicant, in another browser, through the notice link only.
    const applicant = await journeyFor(t, javaScript);
    await applicant.visit(await noticeLink(applicantEmail, /^Neue Nachricht zu Ihrem Antrag/));
    assert.match(await mainText(applicant), /Bitte laden Sie ein Foto des Klaviers hoch\./);
    assert.match(await mainText(applicant), /Die Verwaltung braucht noch etwas von Ihnen/);
    await answerByKeyboard(applicant, 'Hier ist das Foto des Klaviers als PDF.', onePagePdf('Klavierfoto.pdf', 'Ein Klavier'));
    assert.match(await mainText(applicant), /Stand ?In Prüfung/);
    assert.equal(await main(applicant).getByRole('link', { name: 'Klavierfoto.pdf' }).count(), 1, 'the answer shows its file');

    // The caseworker sees the answer and its file, and issues the Bescheid.
    await staff.visit(caseUrl);
    assert.match(await mainText(staff), /Hier ist das Foto des Klaviers als PDF\./);
    const fileLink = main(staff).getByRole('link', { name: 'Klavierfoto.pdf' });
    const served = await page.request.get(new URL((await fileLink.getAttribute('href')) ?? '', harness.baseUrl).href);
    assert.equal(served.status(), 200);
    assert.equal(served.headers()['content-type'], 'application/pdf');
    assert.equal((await served.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    await staff.follow(() => main(staff).getByRole('link', { name: 'Bescheid entwerfen' }).click());
    await page.getByLabel('Bewilligt', { exact: true }).check();
    await staff.follow(() => main(staff).getByRole('button', { name: 'Entwurf anlegen' }).click());
    await staff.follow(() => main(staff).getByRole('button', { name: 'Speichern und Bescheid erlassen' }).click());
    assert.match(await mainText(staff), /Der Bescheid ist erlassen\./);

    // The applicant opens the new notice and downloads the Bescheid from the mailbox.
    await applicant.visit(await noticeLink(applicantEmail, /^Entscheidung über Ihren Antrag/));
    assert.match(await mainText(applicant), /Stand ?Entschieden/);
    await downloadBescheid(applicant, reference);

    await staff.finish();
    await applicant.finish();
  });
}

describe('case processing in Chromium, JavaScript off', () => caseProcessingJourney(false));
describe('case processing in Chromium, JavaScript on', () => caseProcessingJourney(true));
