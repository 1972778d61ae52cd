/**
 * A bounded number of concurrent slots with a bounded, fair waiting line. Waiters are grouped by
 * tenant and served round robin, and no tenant may hold more than its share of the slots or of
 * the line: one municipality's flood waits behind its own requests, not in front of everyone's.
 * Requests without a tenant (the shared catalog) are one group without a share limit.
 *
 * Everything a refusal needs is decided synchronously, before a request joins the line (issue 10):
 *  - a tenant at its share of the slots may only queue for the slots it can actually use: its
 *    place in the line is checked against its share of the line, and
 *  - the line is bounded by time, not only by places: the gate keeps a moving average of how long
 *    a slot is held, and a request whose expected wait (its place in the round robin ÷ the slots
 *    it may use × that average) exceeds `maxWaitMs` is refused at once instead of waiting for
 *    seconds and being refused anyway. The `maxWaitMs` timer remains as the backstop.
 */
export type GateOptions = {
  /** Current number of slots (may change, e.g. under pressure); 0 means unlimited. */
  slots: () => number;
  /** Longest wait in the line before giving up (ms); also the bound of the expected wait. */
  maxWaitMs: number;
  /** Places in the line, for all tenants together. */
  queueLength: number;
  /** Largest fraction (0–1] of slots and line one tenant may hold. */
  tenantShare: number;
  /**
   * Whether the process is saturated right now (event loop falling behind). Then a tenant that
   * sent more than its share of the requests of the last second or two, while others sent some
   * too, is refused at once as long as it also got its share of the admissions: cheap pages hold
   * a slot only briefly, so a flood of them is not stopped by the slot share alone but by its
   * share of the rate. Default: never.
   */
  busy?: () => boolean;
  /**
   * Slots a tenant may hold while it sends more than its share of the requests of the last second
   * or two, other tenants send some too and it got its share of the admissions, and while no other
   * tenant's request is being served; while one is, it may start none (0 or absent: no such
   * bound). Its further requests wait in its own line. The slots bound how many requests are
   * admitted, not how many the one event loop works on in turn: a tenant holding eight slots for
   * pages that are mostly CPU puts eight requests' work between every step of another tenant's
   * page (ADR 15). Default: no bound.
   */
  contendedSlots?: number;
  /**
   * Fraction (0–1] of the process's time such a tenant's slots may be held in the last second or
   * two: beyond it, it may start none until the time it used falls back under the fraction, and its
   * further requests wait in its own line. Cheap pages held one at a time still keep the one
   * event loop busy back to back, and with it its garbage collector, whose pauses every other
   * municipality's page then waits through (ADR 15). Default: no bound.
   */
  contendedTimeShare?: number;
  /** The clock in milliseconds (tests); default `performance.now`. */
  now?: () => number;
};

export type Outcome = 'admitted' | 'queue_full' | 'over_share' | 'timeout';
export type Refusal = Exclude<Outcome, 'admitted'>;
const refusals: readonly Refusal[] = ['queue_full', 'over_share', 'timeout'];
/** A count of zero for every reason of refusal. */
export const noRefusals = (): Record<Refusal, number> => ({ queue_full: 0, over_share: 0, timeout: 0 });

/** Returned to an admitted request; call it exactly once when the work is done. */
export type Release = () => void;

export type Decision = { outcome: 'admitted'; release: Release } | { outcome: Refusal };
/** `enter` could not decide at once: the request waits; `cancel` gives its place up (client gone). */
export type Queued = { outcome: 'queued'; cancel: () => void };

type Waiter = { tenant: string; settle: (decision: Decision) => void; timer: NodeJS.Timeout | undefined };

export const noTenant = '';

/** Length of one window of the rate share (ms). */
const rateWindowMs = 1000;

/**
 * The rate share is for floods: below this many requests in the last window or two it never
 * refuses. A few requests while the event loop lags (a slow statement on the embedded database,
 * which runs on the same thread) are no reason to turn a citizen away.
 */
const floodRequests = 100;

/** How often waiters held back by their time share are looked at again (ms). */
const timeShareRecheckMs = 5;

/** Weight of the newest hold time in the moving average of slot hold times. */
const smoothing = 0.1;

export class FairGate {
  private readonly options: GateOptions;
  private active = 0;
  private readonly activeByTenant = new Map<string, number>();
  /** Map order is the round-robin order: a tenant just served moves to the end. */
  private readonly lines = new Map<string, Waiter[]>();
  private waiting = 0;
  /** Moving average of how long a slot is held (ms); 0 until the first release. */
  private holdMs = 0;
  /**
   * Refusals since start by municipality ("" for requests without one) and reason, for /metrics
   * and the summary log line: whose requests were shed is what an operator asks first on a busy
   * day, and a shed request leaves no access log line to tell. Tenants are the known slugs and ""
   * (admission-classes.ts `tenantOf`), so the map stays small.
   */
  readonly refusedByTenant = new Map<string, Record<Refusal, number>>();
  /** Requests per tenant in the current and the previous window (the rate share). */
  private demand = new Map<string, number>();
  private previousDemand = new Map<string, number>();
  private demandTotal = 0;
  private previousTotal = 0;
  private admitted = new Map<string, number>();
  private previousAdmitted = new Map<string, number>();
  private admittedTotal = 0;
  private previousAdmittedTotal = 0;
  /** Milliseconds per tenant its slots were held while contended, in the current and the previous window. */
  private busyMs = new Map<string, number>();
  private previousBusyMs = new Map<string, number>();
  private windowStart: number;
  private recheck: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(options: GateOptions) {
    this.options = options;
    this.now = options.now ?? (() => performance.now());
    this.windowStart = this.now();
  }

  /** Refusals since start by reason, over all tenants. */
  get refused(): Record<Refusal, number> {
    const totals = noRefusals();
    for (const counts of this.refusedByTenant.values()) for (const reason of refusals) totals[reason] += counts[reason];
    return totals;
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting;
  }

  /** The slots right now (Infinity when unlimited). */
  get limit(): number {
    return this.slots();
  }

  /** Moving average of a slot's hold time in ms (0 before the first release). */
  get averageHoldMs(): number {
    return this.holdMs;
  }

  /** Slots held by one tenant right now. */
  heldBy(tenant: string): number {
    return this.activeByTenant.get(tenant) ?? 0;
  }

  /**
   * Admits or refuses at once when it can; otherwise the request joins the line and `settle` is
   * called later (admitted, or timeout after `maxWaitMs`). No promise, no timer for the answers
   * given at once: a refusal costs a few comparisons.
   */
  enter(tenant: string, settle: (decision: Decision) => void): Decision | Queued {
    this.rotateWindow();
    this.demand.set(tenant, (this.demand.get(tenant) ?? 0) + 1);
    this.demandTotal++;
    if (tenant !== noTenant && this.options.busy?.() && this.overRateShare(tenant)) return { outcome: this.refuse(tenant, 'over_share') };
    if (this.canStart(tenant) && !this.hasWaitersFor(tenant)) return { outcome: 'admitted', release: this.start(tenant) };
    if (!this.mayQueue(tenant)) return { outcome: this.refuse(tenant, 'queue_full') };
    const waiter: Waiter = { tenant, settle, timer: undefined };
    waiter.timer = setTimeout(() => {
      if (!this.remove(waiter)) return;
      settle({ outcome: this.refuse(tenant, 'timeout') });
    }, this.options.maxWaitMs);
    const line = this.lines.get(tenant);
    if (line) line.push(waiter);
    else this.lines.set(tenant, [waiter]);
    this.waiting++;
    return {
      outcome: 'queued',
      cancel: () => {
        if (this.remove(waiter)) clearTimeout(waiter.timer);
      },
    };
  }

  /** Admits now, waits for a slot, or refuses at once when the line is full or too slow. */
  acquire(tenant: string): Promise<Decision> {
    return new Promise((resolve) => {
      const decision = this.enter(tenant, resolve);
      if (decision.outcome !== 'queued') resolve(decision);
    });
  }

  /** Counts a refusal for its tenant. */
  private refuse(tenant: string, reason: Refusal): Refusal {
    let counts = this.refusedByTenant.get(tenant);
    if (!counts) {
      counts = noRefusals();
      this.refusedByTenant.set(tenant, counts);
    }
    counts[reason]++;
    return reason;
  }

  private slots(): number {
    const slots = this.options.slots();
    return slots <= 0 ? Number.POSITIVE_INFINITY : slots;
  }

  private cap(total: number): number {
    return Number.isFinite(total) ? Math.max(1, Math.ceil(total * this.options.tenantShare)) : total;
  }

  /** May a request that cannot start now join the line? Checked before it does, per tenant first. */
  private mayQueue(tenant: string): boolean {
    if (this.waiting >= this.options.queueLength) return false;
    const own = this.lines.get(tenant)?.length ?? 0;
    if (tenant !== noTenant && own >= this.cap(this.options.queueLength)) return false;
    // Round robin: before this request come its own tenant's waiters and, from every other
    // line, at most as many as that (one per turn).
    let ahead = own;
    for (const [other, line] of this.lines) if (other !== tenant) ahead += Math.min(line.length, own + 1);
    const slots = this.slots();
    const usable = tenant === noTenant ? slots : Math.max(1, Math.min(slots, this.usableSlots(tenant)));
    // One place per slot it may use is always there, so a freed slot never idles; more only
    // for as many as will get a slot within maxWaitMs at the current pace (a tenant held to a
    // share of the time gets a slot only that fraction of it).
    if ((ahead < slots && own < usable) || this.holdMs <= 0) return true;
    const pace = this.contended(tenant) && this.overTimeShare(tenant) ? (this.options.contendedTimeShare ?? 1) : 1;
    const expectedWaitMs = (this.holdMs * Math.max((ahead + 1) / slots, (own + 1) / usable)) / pace;
    return expectedWaitMs <= this.options.maxWaitMs;
  }

  private canStart(tenant: string): boolean {
    if (this.active >= this.slots()) return false;
    return tenant === noTenant || (this.activeByTenant.get(tenant) ?? 0) < this.usableSlots(tenant);
  }

  /**
   * The slots a tenant may hold right now: its share; while it floods beside other municipalities,
   * its contended slots, and none while another municipality's request is being served. A fair
   * queue gives a flow under its share the next turn; Node cannot take the loop from a page that
   * is running, but it can hold back the flood's next page until the other's is done.
   */
  private usableSlots(tenant: string): number {
    const slots = this.slots();
    const share = this.cap(slots);
    if (!this.contended(tenant)) return share;
    if (this.overTimeShare(tenant)) {
      this.scheduleRecheck();
      return 0;
    }
    const others = this.active - this.heldBy(tenant) - this.heldBy(noTenant);
    return others > 0 ? 0 : Math.min(this.options.contendedSlots ?? 0, share);
  }

  /**
   * Is this municipality held to its contended slots: it floods beside others (overRateShare)
   * and the bound is on? Unlimited slots switch admission off, this bound with it; a tenant that
   * got less than its share of the admissions is not held back, so a flood's hold-back cannot
   * starve it for good.
   */
  private contended(tenant: string): boolean {
    return tenant !== noTenant && (this.options.contendedSlots ?? 0) > 0 && Number.isFinite(this.slots()) && this.overRateShare(tenant);
  }

  private hasWaitersFor(tenant: string): boolean {
    return (this.lines.get(tenant)?.length ?? 0) > 0;
  }

  /**
   * Did this tenant send more than its share of the requests of the last window or two, while
   * other municipalities sent some too, and get its share of the admissions?
   */
  private overRateShare(tenant: string): boolean {
    const total = this.demandTotal + this.previousTotal;
    if (total < floodRequests) return false;
    const own = (this.demand.get(tenant) ?? 0) + (this.previousDemand.get(tenant) ?? 0);
    // Fairness is owed to other municipalities; the shared catalog's readers do not count as one.
    const shared = (this.demand.get(noTenant) ?? 0) + (this.previousDemand.get(noTenant) ?? 0);
    if (!(own < total - shared && own > total * this.options.tenantShare)) return false;
    const served = (this.admitted.get(tenant) ?? 0) + (this.previousAdmitted.get(tenant) ?? 0);
    return served >= (this.admittedTotal + this.previousAdmittedTotal) * this.options.tenantShare;
  }

  /** Did this tenant's slots take more than its contended share of the last window or two? */
  private overTimeShare(tenant: string): boolean {
    const fraction = this.options.contendedTimeShare ?? 0;
    if (fraction <= 0 || fraction >= 1) return false;
    const used = (this.busyMs.get(tenant) ?? 0) + (this.previousBusyMs.get(tenant) ?? 0);
    // The previous window counts whole: a tenant that just arrived has the span of two.
    const span = this.now() - this.windowStart + rateWindowMs;
    return used >= fraction * span;
  }

  /** Waiters held back by their time share get a slot when it frees, even if no other slot is released. */
  private scheduleRecheck(): void {
    if (this.recheck) return;
    this.recheck = setTimeout(() => {
      this.recheck = undefined;
      this.rotateWindow();
      this.dispatch();
    }, timeShareRecheckMs);
    this.recheck.unref();
  }

  private rotateWindow(): void {
    const now = this.now();
    if (now - this.windowStart < rateWindowMs) return;
    const skipped = now - this.windowStart >= 2 * rateWindowMs;
    this.previousDemand = skipped ? new Map() : this.demand;
    this.previousTotal = skipped ? 0 : this.demandTotal;
    this.demand = new Map();
    this.demandTotal = 0;
    this.previousAdmitted = skipped ? new Map() : this.admitted;
    this.previousAdmittedTotal = skipped ? 0 : this.admittedTotal;
    this.admitted = new Map();
    this.admittedTotal = 0;
    this.previousBusyMs = skipped ? new Map() : this.busyMs;
    this.busyMs = new Map();
    this.windowStart = now;
  }

  private start(tenant: string): Release {
    this.admitted.set(tenant, (this.admitted.get(tenant) ?? 0) + 1);
    this.admittedTotal++;
    this.active++;
    this.activeByTenant.set(tenant, (this.activeByTenant.get(tenant) ?? 0) + 1);
    // Only time held while contended counts against the time share: then the tenant holds at most
    // its contended slots, so the sum is about the time its pages took. What it held alone, with
    // its whole share of slots at once, would count many times over and hold it back for seconds.
    const timed = (this.options.contendedTimeShare ?? 0) > 0 && this.contended(tenant);
    return this.releaser(tenant, timed);
  }

  private releaser(tenant: string, timed: boolean): Release {
    let released = false;
    const started = this.now();
    return () => {
      if (released) return;
      released = true;
      const held = this.now() - started;
      this.holdMs = this.holdMs > 0 ? this.holdMs + smoothing * (held - this.holdMs) : held;
      if (timed) {
        this.rotateWindow();
        this.busyMs.set(tenant, (this.busyMs.get(tenant) ?? 0) + held);
      }
      this.active--;
      // A tenant at zero keeps its entry (tenants are the known slugs and "", so the map stays
      // small): deleting it on every last release had V8 shrink and reallocate the map's table
      // thousands of times a second, work for every young-generation collection.
      this.activeByTenant.set(tenant, (this.activeByTenant.get(tenant) ?? 1) - 1);
      this.dispatch();
    };
  }

  /** Hands free slots to waiters, one tenant after another. */
  private dispatch(): void {
    let progress = true;
    while (progress && this.waiting > 0 && this.active < this.slots()) {
      progress = false;
      for (const [tenant, line] of this.lines) {
        if (!this.canStart(tenant)) continue;
        const waiter = line.shift();
        if (!waiter) continue;
        this.waiting--;
        clearTimeout(waiter.timer);
        this.lines.delete(tenant);
        if (line.length > 0) this.lines.set(tenant, line);
        waiter.settle({ outcome: 'admitted', release: this.start(tenant) });
        progress = true;
        break;
      }
    }
  }

  /** Takes a waiter out of the line; false when it was no longer there (admitted or timed out). */
  private remove(waiter: Waiter): boolean {
    const line = this.lines.get(waiter.tenant);
    const index = line?.indexOf(waiter) ?? -1;
    if (!line || index < 0) return false;
    line.splice(index, 1);
    this.waiting--;
    if (line.length === 0) this.lines.delete(waiter.tenant);
    return true;
  }
}
