/**
 * A citizen applying online for a demo form through real Chromium, page by page as on the portal:
 * from the municipality's service page via "Jetzt online beantragen", through every step with a
 * valid answer set (src/modules/forms/web/demo-form-walks.ts), to the receipt, its PDF and the
 * confirmation mail. On the way: a wrong answer whose error summary leads the keyboard to the
 * field, a file chosen with the file chooser (multipart, also without JavaScript), "Speichern und
 * später fortsetzen" with the mailed link opened in another browser, and one "Ändern".
 *
 * `applicationJourneyTests(plan)` registers, for one form, the full journey with page scripts off
 * and a shorter one (no resume, no change; reaching the offer through the Wohnort selection) with
 * scripts on. Every page either journey loads is axe-checked by the harness.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { BrowserHarness, Journey } from '../../../src/platform/testing/browser.ts';
import { fieldId } from '../../../src/platform/views/components.ts';
import type { FormDefinition } from '../../../src/modules/forms/definition/types.ts';
import { fixture } from '../../../src/modules/forms/store/test-support.ts';
import { walks, type Walk } from '../../../src/modules/forms/web/demo-form-walks.ts';
import type { DemoFormName } from '../../../src/modules/forms/runtime/test-fixtures.ts';
import { mailedLink, mailsTo, serviceSlug, startDemoFormHarness } from './demo-form-harness.ts';
import { expectFocusOn, focused } from './focus.ts';
import type { TestFile } from './test-files.ts';

export type JourneyPlan = {
  walk: Walk;
  /** The municipality whose offer the journey applies for; `wohnort` is what its resident types to choose the place. */
  municipality: { slug: string; name: string; wohnort: string };
  /** On this step `field` first gets `value`; the 422 error summary names `message` and leads to the field. */
  invalid: { step: string; field: string; value: string; message: RegExp };
  /** The full journey asks for the resume link on this step (before answering it) and goes on in a new browser. */
  resumeAt: string;
  /** On the check page, "Ändern" of the row `label` opens `step`, where `field` becomes `value` (shown as `shown`). */
  change: { label: string; step: string; field: string; value: string; shown: string };
  /** A file chosen on `step` for the file input labelled `label`. */
  upload?: { step: string; label: string; file: TestFile };
};

/** The walk of `form` (the first, or the first whose name matches). */
export function walkOf(form: DemoFormName, name?: RegExp): Walk {
  const walk = walks.find((candidate) => candidate.form === form && (!name || name.test(candidate.name)));
  assert.ok(walk, `no walk for ${form} ${name ?? ''}`);
  return walk;
}

const main = (journey: Journey) => journey.page.getByRole('main');
const pathOf = (journey: Journey) => {
  const url = new URL(journey.page.url());
  return `${url.pathname}${url.search}`;
};
const mainText = async (journey: Journey) => ((await main(journey).textContent()) ?? '').replace(/\s+/g, ' ');
const continueButton = (journey: Journey) => main(journey).getByRole('button', { name: 'Weiter', exact: true });

/**
 * Answers the fields of a step as the walk posts them, found by name (each input's label is
 * checked by axe): ticks the radio or check box with the value, picks the option, or types.
 */
async function answer(journey: Journey, fields: Record<string, string>): Promise<void> {
  const form = main(journey).locator('form').filter({ has: journey.page.getByRole('button', { name: 'Weiter', exact: true }) });
  for (const [name, value] of Object.entries(fields)) {
    const named = `[name="${name}"]`;
    const choice = form.locator(`input[type=radio]${named}[value="${value}"], input[type=checkbox]${named}[value="${value}"]`);
    const select = form.locator(`select${named}`);
    const text = form.locator(`input${named}:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea${named}`);
    if ((await choice.count()) === 1) await choice.check();
    else if ((await select.count()) === 1) await select.selectOption(value);
    else {
      assert.equal(await text.count(), 1, `${pathOf(journey)}: one field named ${name} to answer ${value}`);
      await text.fill(value);
    }
  }
}

/** Chooses the file as a citizen does: the click on the input opens the chooser, which gets the file. */
async function chooseFile(journey: Journey, upload: NonNullable<JourneyPlan['upload']>): Promise<void> {
  const chooser = journey.page.waitForEvent('filechooser');
  await main(journey).getByLabel(upload.label, { exact: true }).click();
  await (await chooser).setFiles(upload.file);
}

/**
 * The wrong answer first: 422, "Fehler:" in the title, the error summary focused; Tab reaches
 * its link, Enter moves the focus into the field, the keyboard corrects it and Enter sends the
 * step again (the form's default button is "Weiter").
 */
async function answerWrongThenFix(journey: Journey, fields: Record<string, string>, invalid: JourneyPlan['invalid']): Promise<void> {
  const { page } = journey;
  const correct = fields[invalid.field];
  assert.ok(correct !== undefined, `the walk answers ${invalid.field} on ${invalid.step}`);
  await answer(journey, { ...fields, [invalid.field]: invalid.value });
  const refused = await journey.follow(() => continueButton(journey).click());
  assert.equal(refused.status(), 422, `${invalid.field}=${invalid.value} should be refused`);
  assert.match(await page.title(), /^Fehler: /);
  const summary = page.getByRole('alert');
  assert.match((await summary.textContent()) ?? '', invalid.message);
  await expectFocusOn(page, 'error-summary', 'the error summary takes the focus (autofocus, no script needed)');

  await page.keyboard.press('Tab');
  const link = await focused(page);
  assert.equal(link?.href, `#${fieldId(invalid.field)}`, 'Tab leads to the summary’s link to the field');
  assert.match(link?.text ?? '', invalid.message);
  await page.keyboard.press('Enter');
  await expectFocusOn(page, fieldId(invalid.field), 'the link moves the focus into the field');
  assert.equal(await page.locator(`#${fieldId(invalid.field)}`).getAttribute('aria-invalid'), 'true');

  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(correct);
  const accepted = await journey.follow(() => page.keyboard.press('Enter'));
  assert.equal(accepted.status(), 200, `after correcting ${invalid.field}: ${await mainText(journey)}`);
}

type Steps = Walk['steps'];

/** Answers `steps` in order from the first one's page; the last leads to the check page. */
async function answerSteps(journey: Journey, plan: JourneyPlan, base: string, steps: Steps, isLast: boolean): Promise<void> {
  assert.equal(pathOf(journey), `${base}/schritt/${steps[0]?.[0]}`, 'the journey leads through the walk’s steps');
  for (const [index, [stepId, fields]] of steps.entries()) {
    if (plan.upload?.step === stepId) await chooseFile(journey, plan.upload);
    if (plan.invalid.step === stepId) {
      await answerWrongThenFix(journey, fields, plan.invalid);
    } else {
      await answer(journey, fields);
      const response = await journey.follow(() => continueButton(journey).click());
      assert.equal(response.status(), 200, `${stepId}: ${await mainText(journey)}`);
    }
    const next = steps[index + 1]?.[0];
    if (next) assert.equal(pathOf(journey), `${base}/schritt/${next}`, `after ${stepId}`);
  }
  if (isLast) assert.equal(pathOf(journey), `${base}/pruefen`, 'after the last step: check your answers');
}

/** "Jetzt online beantragen" on the offer page, the form's start page, "Antrag starten". */
async function startApplication(journey: Journey, def: FormDefinition, base: string): Promise<void> {
  const link = main(journey).getByRole('link', { name: 'Jetzt online beantragen' });
  assert.equal(await link.getAttribute('href'), base);
  await journey.follow(() => link.click());
  assert.equal(pathOf(journey), base);
  assert.equal((await main(journey).locator('h1').textContent())?.trim(), def.title.de);
  await journey.follow(() => main(journey).getByRole('button', { name: 'Antrag starten' }).click());
}

/** The service page of the Kreis's catalog, the Wohnort selection, then the municipality's offer page. */
async function offerViaWohnort(journey: Journey, plan: JourneyPlan, slug: string): Promise<void> {
  const { page } = journey;
  await journey.visit(`/leistungen/${slug}`);
  await journey.follow(() => main(journey).getByRole('link', { name: 'Wohnort wählen' }).click());
  await page.getByLabel('Postleitzahl oder Ort').fill(plan.municipality.wohnort);
  await journey.follow(() => main(journey).getByRole('button', { name: 'Weiter' }).click());
  assert.equal(pathOf(journey), `/leistungen/${slug}`, 'back on the service page');
  await journey.follow(() => main(journey).getByRole('link', { name: new RegExp(`Alles zu dieser Leistung in ${plan.municipality.name}`) }).click());
  assert.equal(pathOf(journey), `/${plan.municipality.slug}/leistungen/${slug}`);
}

/**
 * "Speichern und später fortsetzen" on the current step: the link goes by mail, opens in a new
 * browser profile (the same script mode) and moves the draft there; the first browser has lost it.
 */
async function saveAndResume(t: TestContext, harness: BrowserHarness, journey: Journey, def: FormDefinition, base: string, stepId: string): Promise<Journey> {
  const { page } = journey;
  const email = `entwurf-${def.id}@example.test`;
  await journey.follow(() => main(journey).getByRole('link', { name: 'Speichern und später fortsetzen' }).click());
  assert.equal(pathOf(journey), `${base}/speichern`);
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await journey.follow(() => main(journey).getByRole('button', { name: 'Link senden' }).click());
  assert.equal(pathOf(journey), `${base}/speichern/gesendet`);
  const link = await mailedLink(harness, email, new RegExp(`Ihr angefangener Antrag: ${def.title.de.replace(/[()]/g, '\\$&')}`));
  assert.match(link, new RegExp(`${base}/fortsetzen\\?code=`));

  const resumed = await harness.startJourney({ javaScript: journey.javaScript });
  t.after(() => resumed.close());
  await resumed.visit(link);
  await resumed.follow(() => main(resumed).getByRole('button', { name: 'Antrag öffnen' }).click());
  assert.equal(pathOf(resumed), `${base}/schritt/${stepId}`, 'the new browser continues where the answers end');

  const lost = await journey.visit(`${base}/schritt/${stepId}`);
  assert.equal(lost.status(), 404, 'the draft has moved: the first browser no longer has it');
  await journey.finish();
  return resumed;
}

/** "Ändern" of one row: the step opens from the check page and leads back there with the new answer. */
async function changeOneAnswer(journey: Journey, base: string, change: JourneyPlan['change']): Promise<void> {
  await journey.follow(() => main(journey).getByRole('link', { name: `Ändern ${change.label}`, exact: true }).click());
  assert.equal(pathOf(journey), `${base}/schritt/${change.step}?von=pruefen`);
  await answer(journey, { [change.field]: change.value });
  await journey.follow(() => continueButton(journey).click());
  assert.equal(pathOf(journey), `${base}/pruefen`, 'a change leads back to the check page');
  assert.ok((await mainText(journey)).includes(change.shown), `the check page shows the new answer ${change.shown}`);
}

/**
 * On the check page: the confirmation address, the declaration (keyboard), sending; then the
 * receipt with the reference, the PDF it offers and the confirmation mail naming the reference.
 */
async function sendAndReceive(harness: BrowserHarness, journey: Journey, def: FormDefinition, base: string): Promise<string> {
  const { page } = journey;
  const email = `bestaetigung-${def.id}-js-${journey.javaScript ? 'an' : 'aus'}@example.test`;
  await page.getByLabel(/^E-Mail-Adresse für die Bestätigung/).fill(email);
  const declaration = page.getByLabel(def.declaration.confirmLabel.de, { exact: true });
  await declaration.focus();
  await page.keyboard.press('Space');
  assert.ok(await declaration.isChecked(), 'Space ticks the declaration');
  const receipt = await journey.follow(() => main(journey).getByRole('button', { name: 'Antrag absenden' }).click());
  assert.equal(receipt.status(), 200);
  const reference = new RegExp(`^${base}/eingang/(ANT-\\d{4}-[A-Z0-9]{6})$`).exec(pathOf(journey))?.[1];
  assert.ok(reference, `the receipt's address names the reference: ${pathOf(journey)}`);
  assert.equal((await main(journey).locator('h1').textContent())?.trim(), 'Antrag eingegangen');
  assert.equal((await main(journey).locator('.receipt-reference').textContent())?.trim(), reference);

  const pdfLink = main(journey).getByRole('link', { name: /Eingangsbestätigung herunterladen/ });
  assert.equal(await pdfLink.getAttribute('href'), `${base}/eingang/${reference}/eingangsbestaetigung.pdf`);
  const downloading = page.waitForEvent('download');
  await pdfLink.click();
  const download = await downloading;
  assert.equal(download.suggestedFilename(), `Eingangsbestaetigung-${reference}.pdf`);
  const pdf = fs.readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-', 'the download is a PDF');

  const mails = await mailsTo(harness, email);
  assert.equal(mails.length, 1, `one confirmation mail to ${email}`);
  assert.ok(mails[0]?.subject.includes(reference), `the mail's subject "${mails[0]?.subject}" names ${reference}`);
  return reference;
}

/** Registers the journeys of one demo form (a harness of its own for the file). */
export function applicationJourneyTests(plan: JourneyPlan): void {
  const def = fixture(plan.walk.form);
  const base = `/${plan.municipality.slug}/antrag/${def.id}`;
  const steps = plan.walk.steps;
  const resumeIndex = steps.findIndex(([stepId]) => stepId === plan.resumeAt);
  assert.ok(resumeIndex > 0, `${plan.resumeAt} is a later step of the walk`);
  for (const stepId of [plan.invalid.step, plan.change.step, plan.upload?.step ?? plan.invalid.step]) {
    assert.ok(steps.some(([id]) => id === stepId), `${stepId} is a step of the walk`);
  }
  const withUpload = plan.upload ? `, an upload (${plan.upload.file.name})` : '';
  let harness: BrowserHarness;
  let slug: string;

  before(async () => {
    harness = await startDemoFormHarness(plan.walk.form);
    slug = await serviceSlug(harness, def.serviceKeys?.[0] ?? '');
  });
  after(async () => {
    if (harness) await harness.close();
  });

  async function startJourney(t: TestContext, javaScript: boolean): Promise<Journey> {
    const journey = await harness.startJourney({ javaScript });
    t.after(() => journey.close());
    return journey;
  }

  describe(`${def.title.de} in ${plan.municipality.name}, online in Chromium`, () => {
    // A whole journey in two browsers, every page checked with axe: two minutes on a busy 2-core machine.
    test(`JavaScript off: from the service page to the receipt, with a refused answer${withUpload}, leaving and resuming in another browser, and one change`, { timeout: 360_000 }, async (t) => {
      const first = await startJourney(t, false);
      await first.visit(`/${plan.municipality.slug}/leistungen/${slug}`);
      await startApplication(first, def, base);
      await answerSteps(first, plan, base, steps.slice(0, resumeIndex), false);
      const journey = await saveAndResume(t, harness, first, def, base, plan.resumeAt);
      await answerSteps(journey, plan, base, steps.slice(resumeIndex), true);

      const check = await mainText(journey);
      for (const shown of plan.walk.shown) assert.ok(check.includes(shown), `the check page shows ${shown}`);
      if (plan.upload) assert.ok(check.includes(plan.upload.file.name), 'the check page names the uploaded file');
      await changeOneAnswer(journey, base, plan.change);
      await sendAndReceive(harness, journey, def, base);
      await journey.finish();
    });

    test(`JavaScript on: through the Wohnort selection to the offer, then to the receipt, with a refused answer${withUpload}`, { timeout: 360_000 }, async (t) => {
      const journey = await startJourney(t, true);
      await offerViaWohnort(journey, plan, slug);
      await startApplication(journey, def, base);
      await answerSteps(journey, plan, base, steps, true);
      if (plan.upload) assert.ok((await mainText(journey)).includes(plan.upload.file.name), 'the check page names the uploaded file');
      await sendAndReceive(harness, journey, def, base);
      await journey.finish();
    });
  });
}
