/**
 * Browser tests: the real app on a real port, driven by the system's Chromium, with axe checking
 * every page a journey sees. Citizens must be able to use every journey without JavaScript, so
 * each journey is meant to run twice, with page scripts on and off.
 *
 *   const harness = await BrowserHarness.start();
 *   const journey = await harness.startJourney({ javaScript: false });
 *   await journey.visit('/anmelden');                                     // loads and axe-checks
 *   await journey.follow(() => journey.page.getByRole('button', { name: 'Anmelden' }).click());
 *   await journey.finish();                        // fails if a page was seen but not checked
 *   await harness.close();
 *
 * Only Debian's Chromium at /usr/bin/chromium is used, never a browser Playwright downloads: the
 * tests run offline and on the same engine the distribution patches.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { AxeResults, Result } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { createTestApp, type TestApp } from './test-app.ts';

/** Debian's Chromium (`apt-get install chromium`). */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Headless and quiet: no sandbox (containers lack the namespaces for it), no GPU, and nothing
 * that phones home (QUIC, component updates, sync, background requests), so a run is offline.
 */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The WCAG 2.1 level AA rules that BITV 2.0 requires (via EN 301 549). */
export const axeTags: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Throws when Chromium is not installed. Never skips: a browser test that silently does not run
 * would let accessibility regressions through unnoticed.
 */
export function requireChromium(): void {
  let usable = true;
  try {
    fs.accessSync(chromiumPath, fs.constants.X_OK);
  } catch {
    usable = false;
  }
  if (usable) return;
  if (process.env.CI) {
    throw new Error(`CI must run the browser tests, but ${chromiumPath} is missing: install Debian's chromium package in the CI image.`);
  }
  throw new Error(
    `The browser tests need Chromium at ${chromiumPath}. Install Debian's package with "sudo apt-get install chromium" ` +
      '(Playwright\'s downloaded browsers are not used).',
  );
}

/**
 * The little of the DOM that functions run inside the page use: the project compiles without the
 * DOM library (it is a server), and this declaration is local to this module.
 */
declare const document: {
  querySelectorAll(selector: 'noscript'): Iterable<{ textContent: string | null; replaceWith(node: unknown): void }>;
  createElement(tag: 'template'): { innerHTML: string; content: unknown };
};

/** Whether page scripts run, per context created by `newBrowserContext` (Playwright does not expose it). */
const scriptsEnabled = new WeakMap<BrowserContext, boolean>();

/**
 * A context (a fresh browser profile: no cookies) with page scripts on or off. Create contexts
 * through this function so `checkAccessibility` knows how to audit their pages.
 */
export async function newBrowserContext(browser: Browser, options: { javaScript: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript, locale: 'de-DE' });
  // Fail fast: a missing element should not hold the test for Playwright's default 30 seconds.
  context.setDefaultTimeout(15_000);
  scriptsEnabled.set(context, options.javaScript);
  context.on('response', (response) => {
    // Checked first: only navigations surely have a frame (service worker fetches have none).
    if (!response.request().isNavigationRequest() || isRedirect(response.status())) return;
    const frame = response.frame();
    if (frame === frame.page().mainFrame()) documentResponses.set(frame.page(), response);
  });
  return context;
}

/** The response that delivered each page's current document (for its headers in a replay). */
const documentResponses = new WeakMap<Page, Response>();

const isRedirect = (status: number): boolean => status >= 300 && status < 400;

function axeBuilder(page: Page): AxeBuilder {
  // Legacy mode runs axe once inside the page instead of collecting per-frame results and
  // finishing in an extra blank tab: half the time per check. It only gives up testing
  // cross-origin frames, and the portal embeds none (its CSP would not allow them).
  // Only violations fail a check: axe then describes one node of every passed or inapplicable
  // rule instead of all of them, which its documentation names as the way to make a run faster.
  // (options() replaces what withTags() set, so it comes first.)
  return new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).withTags([...axeTags]).setLegacyMode(true);
}

const withoutFragment = (url: string): string => url.split('#', 1)[0] ?? url;

/**
 * axe cannot run in a page whose scripts are disabled: it schedules timers, and a timer firing in
 * such a page takes Chromium down ("Target page, context or browser has been closed"), and
 * re-enabling scripts over a second DevTools session has no effect. So the page's current DOM is
 * replayed at the same URL in a scratch tab with scripts on (same viewport, the stylesheets
 * load from the server as before) and axe runs there. Without page scripts the DOM is exactly the
 * HTML the server sent, so the audit sees what the citizen sees — provided the page's own scripts
 * stay out of the replay: a script that enhances a form (the search field's combobox) would
 * otherwise change the DOM under audit into the one a browser with JavaScript shows.
 */
async function analyzeReplay(page: Page): Promise<AxeResults> {
  const browser = page.context().browser();
  if (!browser) throw new Error('checkAccessibility needs a page of a launched browser');
  const html = withoutScriptElements(await page.content());
  const url = page.url();
  const documentUrl = withoutFragment(url);
  // The Content Security Policy changes what renders (it blocks inline styles, for instance),
  // so the replay is served with the original one.
  const csp = await documentResponses.get(page)?.headerValue('content-security-policy');
  const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
  return inReplayTab(browser, async (replayPage) => {
    await replayPage.setViewportSize(viewport);
    const matches = (candidate: URL) => withoutFragment(candidate.href) === documentUrl;
    await replayPage.route(matches, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: csp ? { 'content-security-policy': csp } : {}, body: html }), { times: 1 });
    try {
      await replayPage.goto(url);
    } finally {
      await replayPage.unroute(matches);
    }
    // With scripts off the browser renders <noscript> content; with scripts on it is inert text.
    // Unwrap it so the replay shows what the script-less page showed.
    await replayPage.evaluate(() => {
      for (const element of document.querySelectorAll('noscript')) {
        const template = document.createElement('template');
        template.innerHTML = element.textContent ?? '';
        element.replaceWith(template.content);
      }
    });
    return await axeBuilder(replayPage).analyze();
  });
}

/**
 * The page's scripts taken out of its HTML for a replay: elements that load one (`src`) or run
 * one inline. Data blocks (JSON-LD) stay, as a browser never runs them.
 */
export function withoutScriptElements(html: string): string {
  return html.replace(/<script\b([^>]*)>[\s\S]*?<\/script\s*>/gi, (element, attributes: string) => {
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
    return type === 'application/ld+json' ? element : '';
  });
}

/**
 * One scratch tab per browser for the replays (closed with the browser), used by one replay at a
 * time: opening and closing a tab per check took 10 s of a 66-s journey without scripts
 * (accounts.browser.test.ts).
 */
const replayTabs = new WeakMap<Browser, { page: Promise<Page>; queue: Promise<unknown> }>();

function inReplayTab<T>(browser: Browser, use: (page: Page) => Promise<T>): Promise<T> {
  let tab = replayTabs.get(browser);
  if (!tab) {
    const page = browser.newContext({ javaScriptEnabled: true, locale: 'de-DE' }).then((context) => context.newPage());
    tab = { page, queue: Promise.resolve() };
    replayTabs.set(browser, tab);
  }
  const { page } = tab;
  const turn = tab.queue.then(async () => use(await page));
  tab.queue = turn.catch(() => undefined);
  return turn;
}

function describeViolation(violation: Result): string {
  const nodes = violation.nodes.map((node) => {
    const summary = node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, '\n      ')}` : '';
    return `    at ${node.target.map(String).join(' >>> ')}${summary}`;
  });
  return `  - ${violation.id} [${violation.impact ?? 'unknown impact'}]: ${violation.help} (${violation.helpUrl})\n${nodes.join('\n')}`;
}

/**
 * Runs axe (WCAG 2.1 A and AA rules) on the page as it is now and fails listing every violation
 * with its rule, impact, help text and the offending elements. Works for pages with scripts on
 * and off; the page's context must come from `newBrowserContext` (or a harness).
 */
export async function checkAccessibility(page: Page): Promise<void> {
  const javaScript = scriptsEnabled.get(page.context());
  if (javaScript === undefined) {
    throw new Error('checkAccessibility: create the context with newBrowserContext() or a BrowserHarness, so it knows whether page scripts run');
  }
  const results = javaScript ? await axeBuilder(page).analyze() : await analyzeReplay(page);
  if (results.violations.length === 0) return;
  const title = await page.title();
  assert.fail(
    `${results.violations.length} accessibility violation(s) on ${page.url()} ("${title}", JavaScript ${javaScript ? 'on' : 'off'}):\n` +
      results.violations.map(describeViolation).join('\n'),
  );
}

/**
 * One user's way through the portal in its own browser profile. Every document the page loads is
 * recorded; `visit` and `follow` check each page they reach with axe, and `finish` fails when a
 * page was seen that no check covered, so a journey cannot skip a page by accident.
 */
export class Journey {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly javaScript: boolean;
  private readonly baseUrl: string;
  private readonly documents: { url: string; checked: boolean }[] = [];
  private closed = false;

  constructor(context: BrowserContext, page: Page, options: { javaScript: boolean; baseUrl: string }) {
    this.context = context;
    this.page = page;
    this.javaScript = options.javaScript;
    this.baseUrl = options.baseUrl;
    // `domcontentloaded` fires once per new document, not for jumps to a fragment (#main).
    page.on('domcontentloaded', () => this.documents.push({ url: page.url(), checked: false }));
  }

  /** Human-readable mode for test names and messages. */
  get mode(): string {
    return `JavaScript ${this.javaScript ? 'on' : 'off'}`;
  }

  /** Opens a path of the app (or an absolute URL), waits for it to load and axe-checks it. */
  async visit(pathOrUrl: string): Promise<Response> {
    const response = await this.page.goto(new URL(pathOrUrl, this.baseUrl).href);
    assert.ok(response, `no response for ${pathOrUrl}`);
    await this.check();
    return response;
  }

  /**
   * Runs an action that loads a new document (submitting a form, following a link), waits for
   * that document after any redirects, axe-checks it and returns its response (for its status).
   */
  async follow(action: () => Promise<unknown>): Promise<Response> {
    const page = this.page;
    // Listen before acting: Playwright's click may itself wait until the navigation is done.
    const documentResponse = page.waitForEvent('response', {
      predicate: (response) => response.request().isNavigationRequest() && response.frame() === page.mainFrame() && !isRedirect(response.status()),
    });
    const loaded = page.waitForEvent('load');
    const [response] = await Promise.all([documentResponse, loaded, action()]);
    await this.check();
    return response;
  }

  /** axe-checks the current page (for instance after something changed on it). */
  async check(): Promise<void> {
    await checkAccessibility(this.page);
    const current = this.documents.at(-1);
    if (current) current.checked = true;
  }

  /** Fails when a page was loaded but never checked, then closes the profile. */
  async finish(): Promise<void> {
    const unchecked = this.documents.filter((document) => !document.checked).map((document) => document.url);
    await this.close();
    assert.deepEqual(unchecked, [], `pages seen without an accessibility check (${this.mode}); load them with visit() or follow()`);
    assert.ok(this.documents.length > 0, 'the journey saw no page');
  }

  /** Closes the profile; safe to call again (from `t.after`). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.context.close();
  }
}

/**
 * The app from `createTestApp()` listening on a free port of 127.0.0.1, and one Chromium for all
 * journeys of a test file. Close it in an `after` hook.
 */
export class BrowserHarness {
  readonly testApp: TestApp;
  readonly browser: Browser;
  /** Origin of the running server, e.g. http://127.0.0.1:43567 */
  readonly baseUrl: string;
  private readonly journeys = new Set<Journey>();

  private constructor(testApp: TestApp, browser: Browser, baseUrl: string) {
    this.testApp = testApp;
    this.browser = browser;
    this.baseUrl = baseUrl;
  }

  /** Starts the app and the browser; throws (never skips) when Chromium is missing. */
  static async start(env: Record<string, string> = {}): Promise<BrowserHarness> {
    requireChromium();
    const testApp = await createTestApp(env);
    try {
      await testApp.app.listen({ port: 0, host: '127.0.0.1' });
      const address = testApp.app.server.address();
      assert.ok(address && typeof address === 'object', 'the app should listen on a TCP port');
      const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: [...chromiumArgs] });
      return new BrowserHarness(testApp, browser, `http://127.0.0.1:${address.port}`);
    } catch (error) {
      await testApp.close();
      throw error;
    }
  }

  /** Absolute URL of a path on the running server. */
  url(path: string): string {
    return new URL(path, this.baseUrl).href;
  }

  /**
   * A link from a mail points at BASE_URL (the public address); this is the same link on the
   * running test server. Fails when the link is not on BASE_URL, which would be a bug in the mail.
   */
  localUrl(link: string): string {
    const parsed = new URL(link);
    assert.equal(parsed.origin, new URL(this.testApp.config.baseUrl).origin, `mail link ${link} should start with BASE_URL`);
    return new URL(`${parsed.pathname}${parsed.search}${parsed.hash}`, this.baseUrl).href;
  }

  /** A fresh browser profile with page scripts on or off. */
  newContext(options: { javaScript: boolean }): Promise<BrowserContext> {
    return newBrowserContext(this.browser, options);
  }

  /** A fresh profile with one tab, whose pages are axe-checked as the journey loads them. */
  async startJourney(options: { javaScript: boolean }): Promise<Journey> {
    const context = await this.newContext(options);
    const page = await context.newPage();
    const journey = new Journey(context, page, { javaScript: options.javaScript, baseUrl: this.baseUrl });
    this.journeys.add(journey);
    return journey;
  }

  /** Closes every journey, the browser and the app (and its database); collects all errors. */
  async close(): Promise<void> {
    const results = await Promise.allSettled([...this.journeys].map((journey) => journey.close()));
    results.push(...(await Promise.allSettled([this.browser.close()])));
    results.push(...(await Promise.allSettled([this.testApp.close()])));
    const errors = results.filter((result) => result.status === 'rejected').map((result) => result.reason as unknown);
    if (errors.length > 0) throw new AggregateError(errors, 'closing the browser harness failed');
  }
}
