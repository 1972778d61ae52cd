/**
 * Issue 6's journey in real Chromium with page scripts off, axe on every page: an application of
 * Lemgo becomes a case that files itself into the E-Akte; the records manager signs in, finds the
 * case's file by its Aktenzeichen (typed and sent by keyboard), adds a scanned letter (a PNG) to
 * the case's process, closes the file (zdA) and — once the retention has run out (the closing is
 * moved back to 2010 in the database, as for files migrated from paper) — runs the disposal: the
 * offer (0501, downloaded and checked), the archive's appraisal (0502, uploaded), the handover
 * package (0503 ZIP with the scan) and the archive's import confirmation (0506), after which the
 * file shows where it went.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserHarness } from '../../src/platform/testing/browser.ts';
import { TestClient } from '../../src/platform/testing/test-app.ts';
import { sql } from '../../src/platform/db/sql.ts';
import { addStaffUser } from '../../src/modules/accounts/index.ts';
import { applyForSperrmuell, publishSperrmuell } from '../../src/modules/cases/test-support.ts';
import { appraisal, archiveMessage, backdateClosedFile, importResult } from '../../src/modules/records/test-support.ts';
import { readZip } from '../../src/modules/records/xdomea/zip.ts';
import { heading, main, mainText, pathOf, signInOnTheWay } from './support/case-steps.ts';
import { greyPng } from './support/test-files.ts';

const password = 'Akten ordentlich führen 2026';
const managerEmail = 'registratur@lemgo.records.test';
let harness: BrowserHarness;
let tenantId: string;
let reference: string;
let fileNumber: string;

before(async () => {
  harness = await BrowserHarness.start();
  const { testApp } = harness;
  // With an offer the case carries the service key, which the default file plan maps to a position.
  ({ tenantId } = await publishSperrmuell(testApp, 'lemgo', 'Bürgerbüro Lemgo'));
  await addStaffUser(testApp.db, { email: managerEmail, displayName: 'Registratur Lemgo', password, tenantId, roles: ['records_manager'] });
  reference = await applyForSperrmuell(new TestClient(testApp.app), 'lemgo', { vorname: 'Rita', nachname: 'Registermann', email: 'rita@example.test' }, 'Ein Kleiderschrank');
  await testApp.drainOutbox();
  // The Aktenzeichen the paper letter names: the file the case filed itself into.
  const [row] = await testApp.db.ownerTransaction((tx) => tx.query<{ file_number: string }>(sql`
    select f.file_number from record_files f join record_processes p on p.tenant_id = f.tenant_id and p.file_id = f.id
    join cases c on c.tenant_id = p.tenant_id and c.id = p.case_id where c.reference = ${reference}`));
  assert.ok(row, 'the case filed itself into a file');
  fileNumber = row.file_number;
});
after(async () => {
  if (harness) await harness.close();
});

describe('E-Akte in Chromium, JavaScript off', () => {
  test('find the case\'s file by Aktenzeichen, add a scanned letter, close it (zdA), dispose of it to the archive after the retention', async (t) => {
    const journey = await harness.startJourney({ javaScript: false });
    t.after(() => journey.close());
    const { page } = journey;

    // Find the file by its Aktenzeichen: typed into the search field, sent with Enter.
    await signInOnTheWay(journey, '/verwaltung/akten', managerEmail, password);
    await journey.follow(() => main(journey).getByRole('link', { name: 'Akten und Dokumente suchen' }).click());
    await page.getByLabel('Aktenzeichen oder sein Anfang').focus();
    await page.keyboard.type(fileNumber);
    await journey.follow(() => page.keyboard.press('Enter'));
    const found = main(journey).getByRole('link', { name: fileNumber, exact: true });
    assert.equal(await found.count(), 1, `the search lists the file ${fileNumber}`);
    await journey.follow(() => found.click());
    const fileUrl = page.url();
    const fileId = pathOf(journey).split('/').at(-1) ?? '';
    assert.match(await mainText(journey), new RegExp(`Fall ${reference}`), 'the file holds the case\'s process');

    // Add the scanned letter to the case's process.
    await page.getByLabel('Titel', { exact: true }).fill('Schreiben der Antragstellerin (Scan)');
    await page.getByLabel('Dokumentart').selectOption({ label: 'Schreiben' });
    await page.getByLabel('Datum des Dokuments').fill('17.03.2026');
    await page.getByLabel('Richtung').selectOption({ label: 'Eingang' });
    await page.getByLabel(/^Absender/).fill('Rita Registermann');
    const processChoice = page.getByLabel('Vorgang', { exact: true });
    await processChoice.selectOption((await processChoice.locator('option', { hasText: reference }).getAttribute('value')) ?? 'the case\'s process');
    await page.getByLabel('Datei', { exact: true }).setInputFiles(greyPng('brief-scan.png', 32));
    const uploaded = await journey.follow(() => main(journey).getByRole('button', { name: 'Hochladen' }).click());
    assert.equal(uploaded.status(), 200, await mainText(journey));
    assert.equal(await heading(journey), 'Schreiben der Antragstellerin (Scan)', 'the new document opens');
    assert.match(await mainText(journey), /brief-scan\.png/);
    await journey.follow(() => main(journey).getByRole('link', { name: `Zurück zur Akte ${fileNumber}` }).click());
    assert.equal(page.url().split('?')[0], fileUrl);
    assert.equal(await main(journey).getByRole('link', { name: 'Schreiben der Antragstellerin (Scan)' }).count(), 1, 'the file lists the letter');

    // Close the file (zdA): confirmed on its own page, then read-only.
    await journey.follow(() => main(journey).getByRole('link', { name: 'Akte abschließen (zdA)' }).click());
    assert.equal(await heading(journey), `Akte ${fileNumber} abschließen?`);
    await journey.follow(() => main(journey).getByRole('button', { name: 'Ja, Akte abschließen' }).click());
    assert.match(await mainText(journey), /Die Akte wurde abgeschlossen \(zdA\)\./);
    assert.match(await mainText(journey), /Status ?abgeschlossen \(zdA\)/);
    assert.equal(await main(journey).getByRole('button', { name: 'Hochladen' }).count(), 0, 'a closed file takes no more documents');

    // Years later: the retention has run out.
    await backdateClosedFile(harness.testApp.db, tenantId, fileId, '2010-03-01');

    // The due list from the file plan; the offer to the archive (0501).
    await journey.visit('/verwaltung/akten');
    await journey.follow(() => main(journey).getByRole('link', { name: 'Aussonderung: fällige Akten und Verfahren' }).click());
    assert.equal(pathOf(journey), '/verwaltung/akten/aussonderung');
    assert.match(await mainText(journey), new RegExp(`${fileNumber.replace('.', '\\.')} ?Sperrmüll`), 'the file is due');
    await page.getByLabel('Archiv', { exact: true }).fill('Stadtarchiv Lemgo');
    await journey.follow(() => main(journey).getByRole('button', { name: 'Akten anbieten' }).click());
    assert.match(await mainText(journey), /angeboten – Bewertung des Archivs ausstehend/);
    const processId = pathOf(journey).split('/').at(-1) ?? '';
    const offerHref = await main(journey).getByRole('link', { name: 'Anbieteverzeichnis herunterladen (0501, XML)' }).getAttribute('href');
    const offer = await page.request.get(new URL(offerHref ?? '', page.url()).href);
    assert.equal(offer.status(), 200);
    const offerXml = await offer.text();
    assert.ok(offerXml.includes(`<xdomea:ProzessID>${processId}</xdomea:ProzessID>`));
    assert.ok(offerXml.includes(`<xdomea:Kennzeichen>${fileNumber}</xdomea:Kennzeichen>`), 'the offer names the file');

    // The archive's appraisal (0502): it takes the file.
    const importFile = async (name: string, xml: string) => {
      await page.getByLabel('Nachricht des Archivs einlesen').setInputFiles({ name, mimeType: 'application/xml', buffer: Buffer.from(xml, 'utf8') });
      const response = await journey.follow(() => main(journey).getByRole('button', { name: 'Einlesen', exact: true }).click());
      assert.equal(response.status(), 200, await mainText(journey));
    };
    await importFile(`${processId}_Aussonderung.Bewertungsverzeichnis.0502.xml`, archiveMessage('Aussonderung.Bewertungsverzeichnis.0502', processId, '0502', appraisal(fileId, 'A')));
    assert.match(await mainText(journey), /Die Nachricht 0502 wurde eingelesen\./);
    assert.match(await mainText(journey), /bewertet – Übergabe und Vernichtung ausstehend/);

    // The handover package (0503) with the scanned letter.
    await journey.follow(() => main(journey).getByRole('button', { name: 'Übergabe vorbereiten (0503)' }).click());
    assert.match(await mainText(journey), /Das Aussonderungspaket ist bereit\./);
    const packageHref = await main(journey).getByRole('link', { name: 'Aussonderungspaket herunterladen (0503, ZIP)' }).getAttribute('href');
    const zip = await page.request.get(new URL(packageHref ?? '', page.url()).href);
    assert.equal(zip.headers()['content-type'], 'application/zip');
    const entries = readZip(await zip.body());
    assert.ok(entries.some((entry) => entry.name.endsWith('.0503.xml')), 'the package holds the 0503 message');
    assert.ok(entries.some((entry) => entry.data.equals(greyPng('x', 32).buffer)), 'the package holds the scanned letter');

    // The archive confirms the import (0506): the procedure is done, the file says where it went.
    await importFile(`${processId}_Aussonderung.AussonderungImportBestaetigen.0506.xml`, archiveMessage('Aussonderung.AussonderungImportBestaetigen.0506', processId, '0506', importResult(fileId, true, 'StA Lemgo B 7/2026')));
    assert.match(await mainText(journey), /Die Nachricht 0506 wurde eingelesen\./);
    assert.match(await mainText(journey), /Stand: abgeschlossen/);
    assert.match(await mainText(journey), /übergeben \(StA Lemgo B 7\/2026\)/);
    await journey.visit(fileUrl);
    assert.match(await mainText(journey), /an das Archiv übergeben \(StA Lemgo B 7\/2026\)/);
    await journey.finish();
  });
});
