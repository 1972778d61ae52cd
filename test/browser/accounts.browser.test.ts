/**
 * Citizen journeys through real Chromium, each with page scripts on and off (the portal promises
 * that every journey works without JavaScript and with the keyboard), axe on every page seen.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Mail } from '../../src/platform/mail/mailer.ts';
import { BrowserHarness, type Journey } from '../../src/platform/testing/browser.ts';

/** The 16 towns and municipalities of Kreis Lippe (IT.NRW), written down independently of the seed. */
const lippeMunicipalities = [
  'Augustdorf',
  'Bad Salzuflen',
  'Barntrup',
  'Blomberg',
  'Detmold',
  'Dörentrup',
  'Extertal',
  'Horn-Bad Meinberg',
  'Kalletal',
  'Lage',
  'Leopoldshöhe',
  'Lemgo',
  'Lügde',
  'Oerlinghausen',
  'Schieder-Schwalenberg',
  'Schlangen',
];

let harness: BrowserHarness;

before(async () => {
  harness = await BrowserHarness.start();
});

after(async () => {
  // `before` may have failed; then there is nothing to close and its error is the one to see.
  if (harness) await harness.close();
});

async function startJourney(t: TestContext, javaScript: boolean): Promise<Journey> {
  const journey = await harness.startJourney({ javaScript });
  t.after(() => journey.close());
  return journey;
}

const pathOf = (page: Journey['page']): string => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}`;
};

const htmlLang = (journey: Journey) => journey.page.locator('html').getAttribute('lang');

/** The DOM as far as the in-page functions below use it (the project compiles without the DOM library). */
declare const document: {
  activeElement: { tagName: string; id: string; className: string; getAttribute(name: string): string | null } | null;
};

/** What has focus, read through DevTools (works with page scripts off, too). */
const focused = (journey: Journey) =>
  journey.page.evaluate(() => {
    const element = document.activeElement;
    return element ? { tag: element.tagName.toLowerCase(), id: element.id, className: element.className, href: element.getAttribute('href') } : null;
  });

/** Delivers queued mails and returns the one mail to `to` whose link leads to `path`, as a link on the test server. */
async function mailedLink(to: string, path: string, since: number): Promise<{ mail: Mail; link: string }> {
  await harness.testApp.drainOutbox();
  const mails = harness.testApp.mails.slice(since).filter((mail) => mail.to === to && mail.text.includes(path));
  assert.equal(mails.length, 1, `expected one mail to ${to} with a link to ${path}, got ${mails.length}`);
  const mail = mails[0]!;
  const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
  assert.ok(link, `the mail "${mail.subject}" should contain a link`);
  assert.ok(new URL(link).pathname === path, `the link ${link} should lead to ${path}`);
  return { mail, link: harness.localUrl(link) };
}

async function logIn(journey: Journey, email: string, password: string) {
  const { page } = journey;
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  return journey.follow(() => page.getByRole('button', { name: 'Anmelden', exact: true }).click());
}

async function logOut(journey: Journey) {
  const response = await journey.follow(() => journey.page.getByRole('button', { name: 'Abmelden', exact: true }).click());
  assert.equal(pathOf(journey.page), '/anmelden?hinweis=abgemeldet');
  await assertText(journey, '.kern-alert--success', 'Sie haben sich abgemeldet.');
  return response;
}

async function assertText(journey: Journey, selector: string, expected: string): Promise<void> {
  const text = await journey.page.locator(selector).first().textContent();
  assert.ok(text?.includes(expected), `${selector} should contain "${expected}", got "${text ?? '(nothing)'}"`);
}

async function assertHeading(journey: Journey, expected: string): Promise<void> {
  assert.equal((await journey.page.locator('h1').textContent())?.trim(), expected);
}

/** The error summary: role alert, focused on load (autofocus), every message links to its field. */
async function assertErrorSummary(journey: Journey, expected: { field: string; message: string }[]): Promise<void> {
  const { page } = journey;
  assert.match(await page.title(), /^Fehler: /, 'the title should announce the error first');
  const summary = page.getByRole('alert');
  assert.equal(await summary.count(), 1, 'one error summary with role="alert"');
  assert.equal((await summary.locator('h2').textContent())?.trim(), 'Es gibt ein Problem');
  const links = await summary.locator('a').evaluateAll((anchors) =>
    anchors.map((a) => ({ href: a.getAttribute('href'), text: a.textContent?.trim() ?? '' })),
  );
  assert.deepEqual(
    links,
    expected.map((e) => ({ href: `#f-${e.field}`, text: e.message })),
  );
  for (const { field } of expected) {
    const input = page.locator(`#f-${field}`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${field} should be marked invalid`);
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.split(' ').includes(`f-${field}-error`), `${field} should be described by its error message`);
  }
  assert.equal((await focused(journey))?.id, 'error-summary', 'the error summary should have focus after the failed submit');
}

for (const javaScript of [true, false]) {
  const mode = `JavaScript ${javaScript ? 'on' : 'off'}`;
  const email = `anna.${javaScript ? 'mit' : 'ohne'}.js@example.org`;
  const firstPassword = 'Drei Wörter reichen oft';
  const secondPassword = 'Vier Wörter sind noch besser';
  /** Set once the registration journey has verified the account; the reset journey needs it. */
  let registered = false;

  describe(`accounts in Chromium, ${mode}`, () => {
    test('the home page lists the municipalities; the language switch goes to English and back', async (t) => {
      const journey = await startJourney(t, javaScript);
      const { page } = journey;
      const response = await journey.visit('/');
      assert.equal(response.status(), 200);
      assert.equal(await htmlLang(journey), 'de');
      await assertHeading(journey, 'Serviceportal Kreis Lippe');
      const names = await page.locator('.tenant-list > li > a').allTextContents();
      assert.deepEqual([...names].sort(), [...lippeMunicipalities].sort());
      assert.equal(names.length, 16);
      assert.equal(await page.getByRole('link', { name: 'Detmold', exact: true }).getAttribute('href'), '/gemeinden/detmold');

      await journey.follow(() => page.getByRole('link', { name: 'English', exact: true }).click());
      assert.equal(pathOf(page), '/', 'the switch should come back to the same page');
      assert.equal(await htmlLang(journey), 'en');
      await assertHeading(journey, 'Service portal Kreis Lippe');
      assert.equal(await page.locator('.tenant-list > li').count(), 16);

      await journey.follow(() => page.getByRole('link', { name: 'Deutsch', exact: true }).click());
      assert.equal(pathOf(page), '/');
      assert.equal(await htmlLang(journey), 'de');
      await assertHeading(journey, 'Serviceportal Kreis Lippe');
      await journey.finish();
    });

    test('registration with e-mail verification, login and logout', async (t) => {
      const journey = await startJourney(t, javaScript);
      const { page } = journey;
      await journey.visit('/');
      await journey.follow(() => page.getByRole('link', { name: 'Anmelden', exact: true }).click());
      await journey.follow(() => page.getByRole('link', { name: 'Konto erstellen', exact: true }).click());
      assert.equal(pathOf(page), '/registrieren');

      const empty = await journey.follow(() => page.getByRole('button', { name: 'Konto erstellen' }).click());
      assert.equal(empty.status(), 422);
      await assertErrorSummary(journey, [
        { field: 'displayName', message: 'Bitte geben Sie Ihren Namen ein.' },
        { field: 'email', message: 'Bitte geben Sie Ihre E-Mail-Adresse ein.' },
        { field: 'password', message: 'Bitte geben Sie ein Passwort ein.' },
      ]);
      // Following a message's link puts the cursor into the field to correct (no script needed).
      await page.getByRole('alert').getByRole('link', { name: 'Bitte geben Sie Ihre E-Mail-Adresse ein.' }).click();
      assert.equal((await focused(journey))?.id, 'f-email');

      const mailsBefore = harness.testApp.mails.length;
      await page.getByLabel('Ihr Name', { exact: true }).fill('Anna Beispiel');
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
      await page.getByLabel('Passwort', { exact: true }).fill(firstPassword);
      const sent = await journey.follow(() => page.getByRole('button', { name: 'Konto erstellen' }).click());
      assert.equal(sent.status(), 200);
      assert.equal(pathOf(page), `/registrieren/gesendet?email=${encodeURIComponent(email)}`);
      assert.doesNotMatch(await page.title(), /^Fehler/);
      await assertHeading(journey, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
      await assertText(journey, 'main', email);

      const { mail, link } = await mailedLink(email, '/konto/bestaetigen', mailsBefore);
      assert.equal(mail.subject, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
      await journey.visit(link);
      await assertHeading(journey, 'E-Mail-Adresse bestätigen');
      await journey.follow(() => page.getByRole('button', { name: 'E-Mail-Adresse bestätigen' }).click());
      assert.equal(pathOf(page), '/anmelden?hinweis=bestaetigt');
      await assertText(journey, '.kern-alert--success', 'Ihre E-Mail-Adresse ist bestätigt.');

      await logIn(journey, email, firstPassword);
      assert.equal(pathOf(page), '/konto');
      await assertHeading(journey, 'Mein Konto');
      await assertText(journey, '.kern-description-list', 'Anna Beispiel');
      await assertText(journey, '.kern-description-list', `${email} (bestätigt)`);
      registered = true;

      await logOut(journey);
      // The session is really gone: the account page sends us to the login again.
      await journey.visit('/konto');
      assert.equal(pathOf(page), `/anmelden?zurueck=${encodeURIComponent('/konto')}`);
      await journey.finish();
    });

    test('password reset by e-mail; afterwards only the new password works', async (t) => {
      assert.ok(registered, 'needs the account of the registration journey, which failed');
      const journey = await startJourney(t, javaScript);
      const { page } = journey;
      await journey.visit('/anmelden');
      await journey.follow(() => page.getByRole('link', { name: 'Passwort vergessen?' }).click());
      assert.equal(pathOf(page), '/passwort-vergessen');
      const mailsBefore = harness.testApp.mails.length;
      await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
      await journey.follow(() => page.getByRole('button', { name: 'Link senden' }).click());
      assert.equal(pathOf(page), '/passwort-vergessen/gesendet');
      await assertHeading(journey, 'Prüfen Sie Ihr Postfach');

      const { link } = await mailedLink(email, '/passwort-zuruecksetzen', mailsBefore);
      await journey.visit(link);
      await assertHeading(journey, 'Neues Passwort festlegen');
      await page.getByLabel('Passwort', { exact: true }).fill(secondPassword);
      await journey.follow(() => page.getByRole('button', { name: 'Passwort speichern' }).click());
      assert.equal(pathOf(page), '/anmelden?hinweis=zurueckgesetzt');
      await assertText(journey, '.kern-alert--success', 'Ihr Passwort wurde geändert.');

      await logIn(journey, email, secondPassword);
      assert.equal(pathOf(page), '/konto');
      await assertText(journey, '.kern-description-list', 'Anna Beispiel');
      await logOut(journey);

      const refused = await logIn(journey, email, firstPassword);
      assert.equal(refused.status(), 422);
      assert.equal(pathOf(page), '/anmelden');
      await assertErrorSummary(journey, [{ field: 'email', message: 'E-Mail-Adresse oder Passwort ist falsch.' }]);
      assert.equal(await page.getByLabel('E-Mail-Adresse', { exact: true }).inputValue(), email, 'the address stays filled in');
      assert.equal(await page.getByRole('link', { name: 'Mein Konto' }).count(), 0, 'not signed in');
      await journey.finish();
    });

    test('keyboard: the first Tab reaches the skip link, which moves focus to the main content', async (t) => {
      const journey = await startJourney(t, javaScript);
      const { page } = journey;
      await journey.visit('/anmelden');
      const skipLink = page.locator('a.skip-link');
      assert.equal(await skipLink.getAttribute('href'), '#main');
      assert.equal((await skipLink.textContent())?.trim(), 'Zum Inhalt springen');
      assert.equal(await page.locator('main#main').getAttribute('tabindex'), '-1', 'main must be focusable for the skip link');

      // page.evaluate talks to the page over DevTools, not through page scripts, so reading the
      // focus works with JavaScript off too; both runs check real keyboard behaviour.
      await page.keyboard.press('Tab');
      assert.deepEqual(await focused(journey), { tag: 'a', id: '', className: 'skip-link', href: '#main' }, 'the first Tab should focus the skip link');
      const box = await skipLink.boundingBox();
      assert.ok(box && box.y >= 0 && box.height > 0, `the focused skip link should be visible on screen, got ${JSON.stringify(box)}`);

      await page.keyboard.press('Enter');
      assert.equal((await focused(journey))?.id, 'main', 'activating the skip link should move focus to <main>');
      assert.equal(new URL(page.url()).hash, '#main');
      await page.keyboard.press('Tab');
      assert.equal((await focused(journey))?.id, 'f-email', 'the next Tab should reach the first field, not the header again');
      await journey.finish();
    });
  });
}
