import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdmissionConfig } from '../../config.ts';
import { html } from '../views/html.ts';
import { isLocale, defaultLocale, type Locale } from '../i18n/i18n.ts';
import { FairGate, noTenant, type Release } from './fair-gate.ts';
import { PressureMonitor } from './pressure.ts';
import { cookieNames } from './request-context.ts';

/**
 * Admission control for busy days (issue 10). Every request (but health checks and assets) takes
 * a slot of its class before anything else runs — before the session lookup and before the body
 * is read — so excess work is refused in microseconds with 503 and Retry-After, not after a
 * 30 s timeout. Three classes, so a rush on the catalog never blocks citizens who are in the
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
function retryAfterSeconds(kind: RequestClass): number {
  const base = kind === 'read' ? 5 : 10;
  return base + Math.floor(Math.random() * base);
}

function sendShed(request: FastifyRequest, reply: FastifyReply, kind: RequestClass): FastifyReply {
  const seconds = retryAfterSeconds(kind);
  const language = request.cookies?.[cookieNames.language];
  const locale: Locale = isLocale(language) ? language : defaultLocale;
  request.locale = locale;
  const t = messages[locale];
  reply.header('retry-after', String(seconds)).header('cache-control', 'no-store');
  // Reads answer 503 (the service, not the visitor, is the limit); nothing here is the client's fault.
  reply.code(503);
  const path = pathOf(request.url);
  if (path.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json')) {
    return reply.send({ error: { code: 'overloaded', message: t.read.replace('{seconds}', String(seconds)) } });
  }
  const isGet = request.method === 'GET' || request.method === 'HEAD';
  const text = kind === 'citizen' ? (isGet ? t.citizenGet : t.citizenPost) : kind === 'staff' ? t.staff : t.read;
  const inApplication = kind === 'citizen' && /^\/[a-z0-9-]+\/antrag\//.test(path);
  const target = retryPath(request.method, request.url);
  return reply.page({
    status: 503,
    title: t.title,
    content: html`<h1 class="kern-heading-x-large">${t.title}</h1>
<p class="kern-body" role="status">${text.replace('{seconds}', String(seconds))}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="${target}"><span class="kern-label">${inApplication ? t.retryApplication : t.retry}</span></a></p>
<p class="kern-body"><a class="kern-link" href="/">${t.home}</a></p>`,
  });
}

export type Admission = { gates: Record<RequestClass, FairGate>; pressure: PressureMonitor };

/** Registers admission control; register it before the session lookup so shedding costs nothing. */
export function registerAdmission(app: FastifyInstance, options: AdmissionOptions): Admission {
  const pressure = new PressureMonitor(options);
  pressure.start();
  app.addHook('onClose', async () => pressure.stop());
  const gate = (slots: () => number) =>
    new FairGate({
      slots,
      maxWaitMs: options.maxWaitMs,
      queueLength: Math.max(1, slots() * queuePerSlot),
      tenantShare: options.tenantSharePercent / 100,
    });
  const gates: Record<RequestClass, FairGate> = {
    read: gate(() => (pressure.underPressure && options.readSlots > 0 ? Math.max(1, Math.floor(options.readSlots / 4)) : options.readSlots)),
    citizen: gate(() => options.citizenSlots),
    staff: gate(() => options.staffSlots),
  };
  const releases = new WeakMap<FastifyRequest, Release>();

  app.addHook('onRequest', async (request, reply) => {
    if (pathOf(request.url) === '/readyz' && pressure.underPressure) {
      const reading = pressure.reading();
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', pressure: reading.reasons });
    }
    const kind = classify(request.method, request.url);
    if (!kind) return;
    const result = await gates[kind].acquire(tenantOf(request.url, options.tenantSlugs));
    if (result.outcome !== 'admitted') {
      request.log.warn({ admission: kind, outcome: result.outcome }, 'request shed');
      return sendShed(request, reply, kind);
    }
    releases.set(request, result.release);
    // 'close' comes after the response or when the client went away first: the slot is freed either way.
    reply.raw.once('close', result.release);
  });
  app.addHook('onResponse', async (request) => releases.get(request)?.());
  const admission = { gates, pressure };
  app.decorate('admission', admission);
  return admission;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The gates and the pressure monitor (for /metrics-like inspection and tests). */
    admission: Admission;
  }
}
