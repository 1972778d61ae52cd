import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdmissionConfig } from '../../config.ts';
import { escapeHtml, html, type SafeHtml } from '../views/html.ts';
import { layout } from '../views/layout.ts';
import { isLocale, defaultLocale, locales, type Locale } from '../i18n/i18n.ts';
import { FairGate, noTenant, type Decision, type Refusal, type Release } from './fair-gate.ts';
import { PressureMonitor } from './pressure.ts';
import { cookieNames } from './request-context.ts';

/**
 * Admission control for busy days (issue 10). Every request (but health checks and assets) takes
 * a slot of its class before anything else runs — before Fastify's routing and hooks, the cookie,
 * security-header and compression plugins, the session lookup and before the body is read — so
 * excess work is refused in microseconds with 503 and Retry-After, not after a 30 s timeout. A
 * refusal must cost next to nothing, or a flood's refusals use up the process they protect: the
 * 503 pages are rendered once (ShedAnswers, on the first request), written straight to the socket, and counted
 * (`/metrics`, one summary log line per 10 s) instead of logged one by one. Three classes, so a rush on the catalog never blocks citizens who are in the
 * middle of an application or caseworkers:
 *   read     GET/HEAD of public pages and the API
 *   citizen  application steps and submissions, status pages, account; every other POST
 *   staff    the back office (/verwaltung) and the cooperation hub (/kooperation)
 * Within a class, the municipality named by the first path segment gets at most its share of the
 * slots and of the line (FairGate). Event-loop delay and heap use are watched: under pressure
 * anonymous reads get a quarter of their slots and /readyz answers 503 so a load balancer sends
 * new visitors elsewhere.
 */
export type RequestClass = 'read' | 'citizen' | 'staff';

export type AdmissionOptions = AdmissionConfig & {
  /** Slugs of all tenants, to tell `/lemgo/antrag/…` from `/leistungen/…`. */
  tenantSlugs: ReadonlySet<string>;
};

/** Waiting places per slot: at most this many requests wait for each one being served. */
const queuePerSlot = 4;

const exemptPaths = new Set(['/healthz', '/readyz', '/metrics', '/favicon.ico', '/robots.txt']);

function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end < 0 ? url : url.slice(0, end);
}

/** Which class a request belongs to, from method and path alone (nothing is read or looked up). */
export function classify(method: string, url: string): RequestClass | undefined {
  const path = pathOf(url);
  if (exemptPaths.has(path) || path.startsWith('/assets/')) return undefined;
  const [first, second] = path.split('/').slice(1);
  if (first === 'verwaltung' || first === 'kooperation') return 'staff';
  // The case API is back-office work by a municipality's software (src/modules/cases/api).
  if (first === 'api' && second === 'v1' && path.split('/')[3] === 'cases') return 'staff';
  if (second === 'antrag' || first === 'antraege' || first === 'konto') return 'citizen';
  if (method !== 'GET' && method !== 'HEAD') return 'citizen';
  return 'read';
}

/** The municipality a request is about: the first path segment, or the second of `/antraege/:tenant`. */
export function tenantOf(url: string, tenantSlugs: ReadonlySet<string>): string {
  const [first, second] = pathOf(url).split('/').slice(1);
  if (first && tenantSlugs.has(first)) return first;
  if ((first === 'antraege' || first === 'gemeinden') && second && tenantSlugs.has(second)) return second;
  return noTenant;
}

/** Where a shed citizen continues: the page that shows the saved draft (GET), never a repeated POST. */
export function retryPath(method: string, url: string): string {
  const path = pathOf(url);
  if (method === 'GET' || method === 'HEAD') return url;
  const application = /^(\/[a-z0-9-]+\/antrag\/[a-z0-9-]+)(\/.*)?$/.exec(path);
  if (!application) return path;
  const [, base, rest = ''] = application;
  if (rest === '/absenden') return `${base}/pruefen`;
  const step = /^\/schritt\/[A-Za-z0-9_-]+/.exec(rest);
  if (step) return `${base}${step[0]}`;
  if (rest.startsWith('/fortsetzen')) return `${base}/fortsetzen`;
  return `${base}${rest === '/speichern' ? rest : ''}`;
}

const messages = {
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

type Template = { parts: string[]; slots: ('href' | 'path')[] };

function splitTemplate(page: string): Template {
  const pieces = page.split(markers);
  const parts: string[] = [];
  const slots: ('href' | 'path')[] = [];
  pieces.forEach((piece, index) => {
    if (index % 2 === 0) parts.push(piece);
    else slots.push(piece === hrefMarker ? 'href' : 'path');
  });
  return { parts, slots };
}

function fill(template: Template, target: string): string {
  const href = escapeHtml(target);
  const path = escapeHtml(encodeURIComponent(target));
  let out = template.parts[0] ?? '';
  for (let i = 0; i < template.slots.length; i++) out += (template.slots[i] === 'href' ? href : path) + (template.parts[i + 1] ?? '');
  return out;
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
 * the API. Answering a shed request is then a lookup and one write to the socket of bytes that
 * are ready — no template, no compression, no cookie or session work, no log line. A page is
 * rendered the first time it is needed; the finished bytes of the latest few hundred pages (page
 * and retry link) are kept, so a flood on a handful of addresses is answered from memory.
 */
class ShedAnswers {
  private readonly render: RenderPage;
  private readonly templates = new Map<string, Template>();
  private readonly finished = new Map<string, Buffer>();
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
          const message = messages[locale].read.replace('{seconds}', String(seconds));
          this.json.set(`${locale}:${seconds}`, Buffer.from(JSON.stringify({ error: { code: 'overloaded', message } })));
        }
      }
    }
  }

  private template(locale: Locale, text: PageText, inApplication: boolean, seconds: number): Template {
    const key = `${locale}:${text}:${inApplication}:${seconds}`;
    let template = this.templates.get(key);
    if (!template) {
      const t = messages[locale];
      const content = html`<h1 class="kern-heading-x-large">${t.title}</h1>
<p class="kern-body" role="status">${t[text].replace('{seconds}', String(seconds))}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="${hrefMarker}"><span class="kern-label">${inApplication ? t.retryApplication : t.retry}</span></a></p>
<p class="kern-body"><a class="kern-link" href="/">${t.home}</a></p>`;
      template = splitTemplate(this.render(locale, pathMarker, t.title, content));
      this.templates.set(key, template);
    }
    return template;
  }

  private page(locale: Locale, text: PageText, inApplication: boolean, seconds: number, target: string): Buffer {
    const key = `${locale}:${text}:${inApplication}:${seconds}:${target}`;
    let page = this.finished.get(key);
    if (!page) {
      page = Buffer.from(fill(this.template(locale, text, inApplication, seconds), target));
      if (this.finished.size >= finishedPagesKept) this.finished.clear();
      this.finished.set(key, page);
    }
    return page;
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
      body = this.page(locale, text, inApplication, seconds, retryPath(method, url));
      base = this.htmlHeaders;
    }
    res.writeHead(503, { ...base, 'retry-after': String(seconds), 'content-length': body.length });
    res.end(method === 'HEAD' ? undefined : body);
  }
}

/** Finished pages kept (a few MB at most); the map starts over when full. */
const finishedPagesKept = 512;

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
function pageRenderer(reply: FastifyReply): RenderPage {
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

function securityHeadersOf(reply: FastifyReply): OutgoingHttpHeaders {
  const found: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries({ ...reply.raw.getHeaders(), ...reply.getHeaders() })) {
    if (value !== undefined && !notCopied.has(name.toLowerCase())) found[name.toLowerCase()] = value;
  }
  return Object.keys(found).length > 0 ? found : fallbackSecurityHeaders;
}

export type Admission = {
  gates: Record<RequestClass, FairGate>;
  pressure: PressureMonitor;
  /** Requests answered 503 by admission control since start, by class and reason. */
  shed(): Record<RequestClass, Record<Refusal, number>>;
};

/** Seconds between the summary log lines about shed requests (at most one line per window). */
const shedLogWindowSeconds = 10;

/**
 * Registers admission control. It decides before any other work on a request: on the HTTP
 * server's `request` event, ahead of Fastify's routing, request objects, request id, per-request
 * log lines and every hook (cookie, security headers, compression, session, CSRF, body parsing).
 * A refused request is answered there with a pre-rendered page; an admitted one continues into
 * Fastify holding its slot. `app.inject()` (tests) does not pass the server, so the same decision
 * is also made in an `onRequest` hook, which answers refusals with `reply.hijack()` and the same
 * pre-rendered bytes (no onSend hooks, no compression). The pages are rendered on the first
 * request the hook sees (the page renderer and the security headers are known by then); until
 * then the server passes requests on and the hook decides.
 */
export function registerAdmission(app: FastifyInstance, options: AdmissionOptions): Admission {
  const pressure = new PressureMonitor(options);
  pressure.start();
  const gate = (slots: () => number) =>
    new FairGate({
      slots,
      maxWaitMs: options.maxWaitMs,
      queueLength: Math.max(1, slots() * queuePerSlot),
      tenantShare: options.tenantSharePercent / 100,
      busy: () => pressure.busy,
    });
  const gates: Record<RequestClass, FairGate> = {
    read: gate(() => (pressure.underPressure && options.readSlots > 0 ? Math.max(1, Math.floor(options.readSlots / 4)) : options.readSlots)),
    citizen: gate(() => options.citizenSlots),
    staff: gate(() => options.staffSlots),
  };
  const shed = () => ({ read: { ...gates.read.refused }, citizen: { ...gates.citizen.refused }, staff: { ...gates.staff.refused } });
  let answers: ShedAnswers | undefined;
  /** Slots taken on the server's request event, handed to the hook with the raw request. */
  const admitted = new WeakMap<IncomingMessage, Release>();
  const releases = new WeakMap<FastifyRequest, Release>();

  // One summary line per window with shed requests, instead of one warning per shed request.
  let loggedTotal = 0;
  const summary = setInterval(() => {
    const counts = shed();
    const total = Object.values(counts).reduce((sum, byReason) => sum + Object.values(byReason).reduce((a, b) => a + b, 0), 0);
    if (total === loggedTotal) return;
    app.log.warn({ admission: counts, shedInWindow: total - loggedTotal, windowSeconds: shedLogWindowSeconds, underPressure: pressure.underPressure }, 'requests shed');
    loggedTotal = total;
  }, shedLogWindowSeconds * 1000);
  summary.unref();
  app.addHook('onClose', async () => {
    clearInterval(summary);
    pressure.stop();
  });

  const server = app.server as typeof app.server | undefined;
  const handlers = server?.listeners('request') ?? [];
  if (server && handlers.length === 1) {
    const fastifyHandler = handlers[0] as (req: IncomingMessage, res: ServerResponse) => void;
    server.removeListener('request', fastifyHandler);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const kind = answers ? classify(method, url) : undefined;
      if (!answers || !kind) return fastifyHandler(req, res);
      const shedAnswers = answers;
      const proceed = (decision: Decision) => {
        if (decision.outcome !== 'admitted') return shedAnswers.send(res, method, url, req.headers, kind);
        admitted.set(req, decision.release);
        // 'close' comes after the response or when the client went away first: the slot is freed either way.
        res.once('close', decision.release);
        fastifyHandler(req, res);
      };
      const decision = gates[kind].enter(tenantOf(url, options.tenantSlugs), (later) => {
        res.off('close', gone);
        if (later.outcome === 'admitted' && res.destroyed) return later.release();
        proceed(later);
      });
      function gone(): void {
        if (decision.outcome === 'queued') decision.cancel();
      }
      if (decision.outcome === 'queued') res.once('close', gone);
      else proceed(decision);
    });
  }

  app.addHook('onRequest', (request, reply, done) => {
    if (!answers) answers = new ShedAnswers(pageRenderer(reply), securityHeadersOf(reply));
    const taken = admitted.get(request.raw);
    if (taken) {
      releases.set(request, taken);
      return done();
    }
    if (pathOf(request.url) === '/readyz' && pressure.underPressure) {
      const reading = pressure.reading();
      reply.code(503).header('retry-after', '5').send({ status: 'unavailable', pressure: reading.reasons });
      return;
    }
    const kind = classify(request.method, request.url);
    if (!kind) return done();
    const shedAnswers = answers;
    const proceed = (decision: Decision) => {
      if (decision.outcome !== 'admitted') {
        reply.hijack();
        shedAnswers.send(reply.raw, request.method, request.url, request.headers, kind);
        return;
      }
      releases.set(request, decision.release);
      reply.raw.once('close', decision.release);
      done();
    };
    const decision = gates[kind].enter(tenantOf(request.url, options.tenantSlugs), (later) => {
      reply.raw.off('close', gone);
      proceed(later);
    });
    function gone(): void {
      if (decision.outcome === 'queued') decision.cancel();
    }
    if (decision.outcome === 'queued') reply.raw.once('close', gone);
    else proceed(decision);
  });
  app.addHook('onResponse', (request, _reply, done) => {
    releases.get(request)?.();
    done();
  });

  // Shed counts and gate state for Prometheus, appended to /metrics (operations.ts owns the registry).
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (typeof payload !== 'string' || request.url !== '/metrics') return done(null, payload);
    done(null, payload + admissionMetrics(gates));
  });

  const admission = { gates, pressure, shed };
  app.decorate('admission', admission);
  return admission;
}

function admissionMetrics(gates: Record<RequestClass, FairGate>): string {
  const lines = [
    '# HELP kreisportal_admission_shed_total Requests answered 503 by admission control.',
    '# TYPE kreisportal_admission_shed_total counter',
  ];
  for (const [kind, gate] of Object.entries(gates)) {
    for (const [reason, count] of Object.entries(gate.refused)) lines.push(`kreisportal_admission_shed_total{class="${kind}",reason="${reason}"} ${count}`);
  }
  lines.push('# HELP kreisportal_admission_in_flight Requests holding a slot.', '# TYPE kreisportal_admission_in_flight gauge');
  for (const [kind, gate] of Object.entries(gates)) lines.push(`kreisportal_admission_in_flight{class="${kind}"} ${gate.inFlight}`);
  lines.push('# HELP kreisportal_admission_queued Requests waiting for a slot.', '# TYPE kreisportal_admission_queued gauge');
  for (const [kind, gate] of Object.entries(gates)) lines.push(`kreisportal_admission_queued{class="${kind}"} ${gate.queued}`);
  return `${lines.join('\n')}\n`;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The gates and the pressure monitor (for /metrics-like inspection and tests). */
    admission: Admission;
  }
}
