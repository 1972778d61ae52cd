/**
 * Every shed answer of admission control (admission.ts), rendered once: per locale, text and
 * Retry-After second the page in the site's layout (no inline script: it works without
 * JavaScript), and the JSON body for the API. Answering a shed request then joins ready bytes
 * with its own retry link and writes them to the socket — no template, no compression, no cookie
 * or session work, no log line.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { escapeHtml, html, type SafeHtml } from '../views/html.ts';
import { layout } from '../views/layout.ts';
import { isLocale, defaultLocale, locales, type Locale } from '../i18n/i18n.ts';
import { pathOf, retryPath, type RequestClass } from './admission-classes.ts';
import { cookieNames } from './request-context.ts';

export const shedMessages = {
  de: {
    title: 'Gerade sind sehr viele Menschen im Portal',
    read: 'Das Portal ist im Moment stark ausgelastet. Bitte versuchen Sie es in etwa {seconds} Sekunden noch einmal.',
    citizenGet: 'Ihr Antrag ist sicher: alles, was Sie bisher eingegeben und mit „Weiter“ bestätigt haben, ist gespeichert. Bitte öffnen Sie Ihren Antrag in etwa {seconds} Sekunden wieder.',
    citizenPost: 'Ihr Antrag ist sicher: alles, was Sie auf den vorigen Seiten eingegeben haben, ist gespeichert. Die Angaben dieser Seite konnten wir noch nicht annehmen, und abgeschickt ist noch nichts. Bitte öffnen Sie Ihren Antrag in etwa {seconds} Sekunden wieder und senden Sie die Seite noch einmal.',
    staff: 'Die Verwaltung ist im Moment stark ausgelastet. Nichts ist verloren gegangen; bitte versuchen Sie es in etwa {seconds} Sekunden noch einmal.',
    retry: 'Noch einmal versuchen',
    retryApplication: 'Zurück zu meinem Antrag',
    home: 'Zur Startseite',
  },
  en: {
    title: 'Very many people are using the portal right now',
    read: 'The portal is very busy at the moment. Please try again in about {seconds} seconds.',
    citizenGet: 'Your application is safe: everything you entered and confirmed with “Continue” is saved. Please open your application again in about {seconds} seconds.',
    citizenPost: 'Your application is safe: everything you entered on the previous pages is saved. We could not accept the answers on this page yet, and nothing has been sent. Please open your application again in about {seconds} seconds and send this page again.',
    staff: 'The back office is very busy at the moment. Nothing has been lost; please try again in about {seconds} seconds.',
    retry: 'Try again',
    retryApplication: 'Back to my application',
    home: 'Go to the home page',
  },
} as const;

/** Spread retries over a window so shed clients do not all come back in the same second. */
const retryWindow: Record<RequestClass, { base: number; spread: number }> = {
  read: { base: 5, spread: 5 },
  citizen: { base: 10, spread: 10 },
  staff: { base: 10, spread: 10 },
};

function retryAfterSeconds(kind: RequestClass): number {
  const { base, spread } = retryWindow[kind];
  return base + Math.floor(Math.random() * spread);
}

type PageText = 'read' | 'citizenGet' | 'citizenPost' | 'staff';

/** Renders a full page (the layout) for an anonymous visitor whose current path is `path`. */
type RenderPage = (locale: Locale, path: string, title: string, content: SafeHtml) => string;

/**
 * Stand-ins in the pre-rendered pages for the one thing that differs per request: where the
 * citizen continues. The first goes into the retry link (HTML-escaped), the second into the
 * language-switch and place links of the layout (URL-encoded, the layout's `zurueck=`).
 */
const hrefMarker = 'kpshedziel0';
const pathMarker = 'kpshedpfad0';
const markers = new RegExp(`(${hrefMarker}|${pathMarker})`);

/** A page as encoded bytes around the stand-ins: a request only encodes its own target. */
type Template = { parts: Buffer[]; slots: ('href' | 'path')[] };

function splitTemplate(page: string): Template {
  const pieces = page.split(markers);
  const parts: Buffer[] = [];
  const slots: ('href' | 'path')[] = [];
  pieces.forEach((piece, index) => {
    if (index % 2 === 0) parts.push(Buffer.from(piece));
    else slots.push(piece === hrefMarker ? 'href' : 'path');
  });
  return { parts, slots };
}

/**
 * The page for one target. A flood of reads spreads over thousands of addresses (every service
 * page, every search), so finished pages are not kept: joining the ready bytes with the target's
 * few is cheaper than looking one up, and costs no memory (a cache of finished pages missed on
 * almost every refusal and re-encoded the whole page: an eighth of the process's CPU under 2×
 * overload, measured with --cpu-prof).
 */
function fill(template: Template, target: string): Buffer {
  const href = Buffer.from(escapeHtml(target));
  const path = template.slots.includes('path') ? Buffer.from(escapeHtml(encodeURIComponent(target))) : href;
  const pieces: Buffer[] = [template.parts[0]!];
  let length = pieces[0]!.length;
  for (let i = 0; i < template.slots.length; i++) {
    const value = template.slots[i] === 'href' ? href : path;
    const part = template.parts[i + 1]!;
    pieces.push(value, part);
    length += value.length + part.length;
  }
  return Buffer.concat(pieces, length);
}

/** Headers of the app's security plugin, taken from the first request (fallback: the essentials). */
const fallbackSecurityHeaders: OutgoingHttpHeaders = {
  'content-security-policy': "default-src 'self';img-src 'self' data:;form-action 'self';frame-ancestors 'none';base-uri 'none';object-src 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'same-origin',
};
const notCopied = new Set(['content-type', 'content-length', 'content-encoding', 'set-cookie', 'vary', 'date', 'connection', 'cache-control', 'retry-after', 'etag', 'last-modified']);

/**
 * Every shed answer, rendered once (issue 10): per locale, text and Retry-After second the page
 * in the site's layout (no inline script: it works without JavaScript), and the JSON body for
 * the API. A page is rendered the first time it is needed and kept as encoded bytes around the
 * places where the retry link goes; answering a shed request joins those bytes with its own link
 * and writes them to the socket — no template, no compression, no cookie or session work, no log
 * line.
 */
export class ShedAnswers {
  private readonly render: RenderPage;
  private readonly templates = new Map<string, Template>();
  private readonly json = new Map<string, Buffer>();
  private readonly htmlHeaders: OutgoingHttpHeaders;
  private readonly jsonHeaders: OutgoingHttpHeaders;

  constructor(render: RenderPage, securityHeaders: OutgoingHttpHeaders) {
    this.render = render;
    const base = { ...securityHeaders, 'cache-control': 'no-store' };
    this.htmlHeaders = { ...base, 'content-type': 'text/html; charset=utf-8' };
    this.jsonHeaders = { ...base, 'content-type': 'application/json; charset=utf-8' };
    for (const locale of locales) {
      for (const kind of ['read', 'citizen', 'staff'] as const) {
        const { base: first, spread } = retryWindow[kind];
        for (let seconds = first; seconds < first + spread; seconds++) {
          const message = shedMessages[locale].read.replace('{seconds}', String(seconds));
          this.json.set(`${locale}:${seconds}`, Buffer.from(JSON.stringify({ error: { code: 'overloaded', message } })));
        }
      }
    }
  }

  private template(locale: Locale, text: PageText, inApplication: boolean, seconds: number): Template {
    const key = `${locale}:${text}:${inApplication}:${seconds}`;
    let template = this.templates.get(key);
    if (!template) {
      const t = shedMessages[locale];
      const content = html`<h1 class="kern-heading-x-large">${t.title}</h1>
<p class="kern-body" role="status">${t[text].replace('{seconds}', String(seconds))}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="${hrefMarker}"><span class="kern-label">${inApplication ? t.retryApplication : t.retry}</span></a></p>
<p class="kern-body"><a class="kern-link" href="/">${t.home}</a></p>`;
      template = splitTemplate(this.render(locale, pathMarker, t.title, content));
      this.templates.set(key, template);
    }
    return template;
  }


  /** Writes the 503 straight to the socket; the request body, if any, is never read. */
  send(res: ServerResponse, method: string, url: string, headers: IncomingMessage['headers'], kind: RequestClass): void {
    const seconds = retryAfterSeconds(kind);
    const locale = localeOf(headers.cookie);
    const path = pathOf(url);
    let body: Buffer;
    let base: OutgoingHttpHeaders;
    if (path.startsWith('/api/') || (headers.accept ?? '').startsWith('application/json')) {
      body = this.json.get(`${locale}:${seconds}`) ?? Buffer.alloc(0);
      base = this.jsonHeaders;
    } else {
      const isGet = method === 'GET' || method === 'HEAD';
      const text: PageText = kind === 'citizen' ? (isGet ? 'citizenGet' : 'citizenPost') : kind;
      const inApplication = kind === 'citizen' && applicationPath.test(path);
      body = fill(this.template(locale, text, inApplication, seconds), retryPath(method, url));
      base = this.htmlHeaders;
    }
    res.writeHead(503, { ...base, 'retry-after': String(seconds), 'content-length': body.length });
    res.end(method === 'HEAD' ? undefined : body);
  }
}

const applicationPath = /^\/[a-z0-9-]+\/antrag\//;
const languageCookie = new RegExp(`(?:^|;)\\s*${cookieNames.language}=([a-z]+)`);

/** The visitor's language from the raw Cookie header (the cookie plugin has not run, and need not). */
function localeOf(cookie: string | undefined): Locale {
  if (!cookie?.includes(cookieNames.language)) return defaultLocale;
  const value = languageCookie.exec(cookie)?.[1];
  return isLocale(value) ? value : defaultLocale;
}

/**
 * The page renderer of the app (`reply.page`, registered after admission by page.ts), used once on
 * a stand-in reply for an anonymous visitor so the shed pages look like every other page. Without
 * it (a bare app in tests) the plain layout is used.
 */
export function pageRenderer(reply: FastifyReply): RenderPage {
  const page = (reply as { page?: unknown }).page;
  if (typeof page !== 'function') {
    return (locale, path, title, content) =>
      layout({ locale, path, csrfToken: '', districtName: 'Kreis', place: null, user: null }, { title, content }).value;
  }
  return (locale, path, title, content) => {
    let rendered = '';
    const stub = {
      request: { locale, url: path, user: null, place: null, csrfToken: () => '' },
      code: () => stub,
      type: () => stub,
      send: (value: unknown) => ((rendered = String(value)), stub),
    };
    (page as (this: unknown, options: { status: number; title: string; content: SafeHtml }) => unknown).call(stub, { status: 503, title, content });
    return rendered;
  };
}

export function securityHeadersOf(reply: FastifyReply): OutgoingHttpHeaders {
  const found: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries({ ...reply.raw.getHeaders(), ...reply.getHeaders() })) {
    if (value !== undefined && !notCopied.has(name.toLowerCase())) found[name.toLowerCase()] = value;
  }
  return Object.keys(found).length > 0 ? found : fallbackSecurityHeaders;
}
