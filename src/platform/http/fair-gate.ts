/**
 * A bounded number of concurrent slots with a bounded, fair waiting line. Waiters are grouped by
 * tenant and served round robin, and no tenant may hold more than its share of the slots or of
 * the line: one municipality's flood waits behind its own requests, not in front of everyone's.
 * Requests without a tenant (the shared catalog) are one group without a share limit.
 */
export type GateOptions = {
  /** Current number of slots (may change, e.g. under pressure); 0 means unlimited. */
  slots: () => number;
  /** Longest wait in the line before giving up (ms). */
  maxWaitMs: number;
  /** Places in the line, for all tenants together. */
  queueLength: number;
  /** Largest fraction (0–1] of slots and line one tenant may hold. */
  tenantShare: number;
};

export type Outcome = 'admitted' | 'queue_full' | 'timeout';

/** Returned to an admitted request; call it exactly once when the work is done. */
export type Release = () => void;

type Waiter = { tenant: string; settle: (outcome: Outcome) => void; timer: NodeJS.Timeout };

export const noTenant = '';

export class FairGate {
  private readonly options: GateOptions;
  private active = 0;
  private readonly activeByTenant = new Map<string, number>();
  /** Map order is the round-robin order: a tenant just served moves to the end. */
  private readonly lines = new Map<string, Waiter[]>();
  private waiting = 0;

  constructor(options: GateOptions) {
    this.options = options;
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

  /** Admits now, waits for a slot, or refuses at once when the line is full. */
  async acquire(tenant: string): Promise<{ outcome: 'admitted'; release: Release } | { outcome: Exclude<Outcome, 'admitted'> }> {
    if (this.canStart(tenant) && !this.hasWaitersFor(tenant)) return { outcome: 'admitted', release: this.start(tenant) };
    const line = this.lines.get(tenant) ?? [];
    if (this.waiting >= this.options.queueLength || (tenant !== noTenant && line.length >= this.cap(this.options.queueLength))) {
      return { outcome: 'queue_full' };
    }
    const outcome = await new Promise<Outcome>((settle) => {
      const waiter: Waiter = {
        tenant,
        settle,
        timer: setTimeout(() => {
          this.remove(waiter);
          settle('timeout');
        }, this.options.maxWaitMs),
      };
      line.push(waiter);
      this.lines.set(tenant, line);
      this.waiting++;
    });
    // A waiter is admitted by `dispatch`, which has already taken the slot on its behalf.
    return outcome === 'admitted' ? { outcome, release: this.releaser(tenant) } : { outcome };
  }

  private slots(): number {
    const slots = this.options.slots();
    return slots <= 0 ? Number.POSITIVE_INFINITY : slots;
  }

  private cap(total: number): number {
    return Number.isFinite(total) ? Math.max(1, Math.ceil(total * this.options.tenantShare)) : total;
  }

  private canStart(tenant: string): boolean {
    if (this.active >= this.slots()) return false;
    return tenant === noTenant || (this.activeByTenant.get(tenant) ?? 0) < this.cap(this.slots());
  }

  private hasWaitersFor(tenant: string): boolean {
    return (this.lines.get(tenant)?.length ?? 0) > 0;
  }

  private start(tenant: string): Release {
    this.active++;
    this.activeByTenant.set(tenant, (this.activeByTenant.get(tenant) ?? 0) + 1);
    return this.releaser(tenant);
  }

  private releaser(tenant: string): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const left = (this.activeByTenant.get(tenant) ?? 1) - 1;
      if (left > 0) this.activeByTenant.set(tenant, left);
      else this.activeByTenant.delete(tenant);
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
        this.active++;
        this.activeByTenant.set(tenant, (this.activeByTenant.get(tenant) ?? 0) + 1);
        waiter.settle('admitted');
        progress = true;
        break;
      }
    }
  }

  private remove(waiter: Waiter): void {
    const line = this.lines.get(waiter.tenant);
    const index = line?.indexOf(waiter) ?? -1;
    if (!line || index < 0) return;
    line.splice(index, 1);
    this.waiting--;
    if (line.length === 0) this.lines.delete(waiter.tenant);
  }
}
