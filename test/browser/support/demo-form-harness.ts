/**
 * The browser harness as `npm start` sets it up for citizens: the service catalog, the demo offers
 * of every municipality and a demo form of seeds/forms published for them, each offer linked to
 * its form ("Jetzt online beantragen").
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from '../../../src/platform/db/sql.ts';
import type { Mail } from '../../../src/platform/mail/mailer.ts';
import { BrowserHarness } from '../../../src/platform/testing/browser.ts';
import { importCatalog } from '../../../src/modules/catalog/index.ts';
import { seedDemoForms, seedDemoOffers } from '../../../src/modules/offers/index.ts';
import { demoFormPath, type DemoFormName } from '../../../src/modules/forms/runtime/test-fixtures.ts';

/**
 * Seeds like `npm start`, but only the one form a test file needs: publishing all five for all
 * sixteen municipalities would cost each file some ten seconds.
 */
export async function startDemoFormHarness(form: DemoFormName): Promise<BrowserHarness> {
  const harness = await BrowserHarness.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-form-'));
  try {
    fs.copyFileSync(demoFormPath(form), path.join(dir, `${form}.json`));
    await importCatalog(harness.testApp.db);
    await seedDemoOffers(harness.testApp.db);
    const seeded = await seedDemoForms(harness.testApp.db, dir);
    assert.ok(seeded.linked > 0, `the demo offers should link to the ${form} form`);
    return harness;
  } catch (error) {
    await harness.close();
    throw error;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The catalog page's slug of a service (LeiKa key). */
export async function serviceSlug(harness: BrowserHarness, serviceKey: string): Promise<string> {
  const rows = await harness.testApp.db.ownerTransaction((tx) => tx.query<{ slug: string }>(sql`select slug from services where key = ${serviceKey}`));
  assert.ok(rows[0], `no service with the key ${serviceKey} in the catalog`);
  return rows[0].slug;
}

/** Delivers every queued mail (through the real outbox) and returns the mails to `to`. */
export async function mailsTo(harness: BrowserHarness, to: string): Promise<Mail[]> {
  await harness.testApp.drainOutbox();
  return harness.testApp.mails.filter((mail) => mail.to === to);
}

/** The one link of the one mail to `to`, as a URL of the running test server. */
export async function mailedLink(harness: BrowserHarness, to: string, subject: RegExp): Promise<string> {
  const mails = (await mailsTo(harness, to)).filter((mail) => subject.test(mail.subject));
  assert.equal(mails.length, 1, `expected one mail to ${to} with a subject like ${subject}, got ${mails.length}`);
  const links = mails[0]?.text.match(/https?:\/\/\S+/g) ?? [];
  assert.equal(links.length, 1, `the mail "${mails[0]?.subject}" should hold exactly one link`);
  return harness.localUrl(links[0] ?? '');
}
