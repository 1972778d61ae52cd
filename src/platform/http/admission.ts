import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AdmissionConfig } from '../../config.ts';
import { classify, pathOf, tenantOf, type RequestClass } from './admission-classes.ts';
import { admissionMetrics } from './admission-metrics.ts';
import { FairGate, type Decision, type Refusal, type Release } from './fair-gate.ts';
import { PressureMonitor } from './pressure.ts';
import { pageRenderer, securityHeadersOf, ShedAnswers } from './shed-answers.ts';

export { classify, retryPath, tenantOf, type RequestClass } from './admission-classes.ts';

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
export type AdmissionOptions = AdmissionConfig & {
  /** Slugs of all tenants, to tell `/lemgo/antrag/…` from `/leistungen/…`. */
  tenantSlugs: ReadonlySet<string>;
};

/** Waiting places per slot: at most this many requests wait for each one being served. */
const queuePerSlot = 4;

export type Admission = {
  gates: Record<RequestClass, FairGate>;
  pressure: PressureMonitor;
  /** Requests answered 503 by admission control since start, by class and reason. */
  shed(): Record<RequestClass, Record<Refusal, number>>;
};

/**
 * The slot an admitted request holds, kept on its raw request (taken on the server's request
 * event, handed on to the hooks with it). A property rather than a WeakMap keyed by requests: at
 * thousands of requests a second such a map's table grows between collections and every young
 * generation collection copies and scans it, which showed as pauses of several milliseconds.
 */
const slotKey = Symbol('kreisportal.admissionSlot');
type HoldingRequest = IncomingMessage & { [slotKey]?: Release };
const holdSlot = (request: HoldingRequest, release: Release) => void (request[slotKey] = release);
const heldSlot = (request: HoldingRequest): Release | undefined => request[slotKey];

/** Seconds between the summary log lines about shed requests (at most one line per window). */
const shedLogWindowSeconds = 10;
/** How the summary line names requests about no municipality (the shared catalog, the API). */
const sharedPagesLogKey = '(shared)';

/** Refusals since start by municipality, over all classes. */
function shedByTenant(gates: FairGate[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const gate of gates) {
    for (const [tenant, counts] of gate.refusedByTenant) totals.set(tenant, (totals.get(tenant) ?? 0) + counts.queue_full + counts.over_share + counts.timeout);
  }
  return totals;
}

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
  const gate = (slots: () => number, contended?: { slots: number; timeShare: number }) =>
    new FairGate({
      slots,
      maxWaitMs: options.maxWaitMs,
      queueLength: Math.max(1, slots() * queuePerSlot),
      tenantShare: options.tenantSharePercent / 100,
      busy: () => pressure.busy,
      contendedSlots: contended?.slots,
      contendedTimeShare: contended?.timeShare,
    });
  const gates: Record<RequestClass, FairGate> = {
    // Only reads are held to a few slots while their municipality floods beside others: their
    // pages are mostly CPU on the one event loop. Application steps and back-office work wait on
    // the database, where more at once means more done.
    read: gate(() => (pressure.underPressure && options.readSlots > 0 ? Math.max(1, Math.floor(options.readSlots / 4)) : options.readSlots), {
      slots: options.tenantContendedReads,
      timeShare: options.tenantContendedTimePercent / 100,
    }),
    citizen: gate(() => options.citizenSlots),
    staff: gate(() => options.staffSlots),
  };
  const shed = () => ({ read: { ...gates.read.refused }, citizen: { ...gates.citizen.refused }, staff: { ...gates.staff.refused } });
  let answers: ShedAnswers | undefined;

  // One summary line per window with shed requests, instead of one warning per shed request; it
  // names whose requests they were, as shed requests have no access line.
  let loggedTotal = 0;
  let loggedByTenant = new Map<string, number>();
  const summary = setInterval(() => {
    const byTenant = shedByTenant(Object.values(gates));
    const total = [...byTenant.values()].reduce((sum, count) => sum + count, 0);
    if (total === loggedTotal) return;
    const shedInWindowByTenant = Object.fromEntries(
      [...byTenant].filter(([tenant, count]) => count > (loggedByTenant.get(tenant) ?? 0)).map(([tenant, count]) => [tenant || sharedPagesLogKey, count - (loggedByTenant.get(tenant) ?? 0)]),
    );
    app.log.warn({ admission: shed(), shedInWindow: total - loggedTotal, shedInWindowByTenant, windowSeconds: shedLogWindowSeconds, underPressure: pressure.underPressure }, 'requests shed');
    loggedTotal = total;
    loggedByTenant = byTenant;
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
        holdSlot(req, decision.release);
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
    if (heldSlot(request.raw)) return done();
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
      holdSlot(request.raw, decision.release);
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
    heldSlot(request.raw)?.();
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

declare module 'fastify' {
  interface FastifyInstance {
    /** The gates and the pressure monitor (for /metrics-like inspection and tests). */
    admission: Admission;
  }
}
