// The in-process runner's queue: many runs at once (they wait on KashFlow and the agent, not on the CPU), taken
// round-robin across companies — the company served longest ago first, then the one whose work is oldest — with a
// cap on each company's running flows, and each company's flows started oldest due first (those due together in the
// catalogue's order, master data first).
// Scheduling only: the lease in SyncState still decides who runs a flow, across processes.

export type QueuedRun = {
  companyId: string;
  flowId: string;
  /** Catalogue position: flows due together start in this order. */
  order: number;
  /** When it became due (ms): a company's oldest due flow starts first. */
  dueAt: number;
};

export type FairQueueOptions = {
  concurrency: number;
  perCompany: number;
  run: (job: QueuedRun) => Promise<void>;
};

const keyOf = (j: { companyId: string; flowId: string }) => `${j.companyId}|${j.flowId}`;

export class FairQueue {
  private readonly waiting = new Map<string, QueuedRun[]>();
  private readonly runningBy = new Map<string, number>();
  private readonly runningKeys = new Set<string>();
  /** When each company last had a run started (a counter, not a clock): round-robin order. */
  private readonly served = new Map<string, number>();
  private turn = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly o: FairQueueOptions) {}

  get running(): number {
    return this.runningKeys.size;
  }

  get queued(): number {
    let n = 0;
    for (const jobs of this.waiting.values()) n += jobs.length;
    return n;
  }

  isRunning(companyId: string, flowId: string): boolean {
    return this.runningKeys.has(keyOf({ companyId, flowId }));
  }

  /**
   * The due runs of the given companies (all of them when `companyIds` is left out) are exactly `jobs`: what is no
   * longer due leaves the queue, what is running is not queued twice. Starts what the limits allow.
   */
  replace(jobs: QueuedRun[], companyIds?: readonly string[]): void {
    const scope = companyIds ? new Set(companyIds) : null;
    for (const companyId of [...this.waiting.keys()])
      if (!scope || scope.has(companyId)) this.waiting.delete(companyId);
    for (const job of jobs) {
      if (scope && !scope.has(job.companyId)) continue;
      if (this.runningKeys.has(keyOf(job))) continue;
      const list = this.waiting.get(job.companyId) ?? [];
      if (list.some((j) => j.flowId === job.flowId)) continue;
      list.push(job);
      this.waiting.set(job.companyId, list);
    }
    // Oldest due first, so a flow due often (or asked for again and again) cannot starve the company's later flows;
    // flows due together start in catalogue order (master data first).
    for (const list of this.waiting.values()) list.sort((a, b) => a.dueAt - b.dueAt || a.order - b.order);
    this.pump();
  }

  /** Resolves when nothing runs and nothing waits. */
  onIdle(): Promise<void> {
    if (this.running === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running < this.o.concurrency) {
      const companyId = this.nextCompany();
      if (!companyId) break;
      const list = this.waiting.get(companyId)!;
      const job = list.shift()!;
      if (list.length === 0) this.waiting.delete(companyId);
      this.start(job);
    }
    this.settleIdle();
  }

  /** The company to serve next: under its cap, served longest ago (never = first), then holding the oldest due run. */
  private nextCompany(): string | null {
    let best: string | null = null;
    let bestServed = 0;
    let bestDue = 0;
    for (const [companyId, list] of this.waiting) {
      if ((this.runningBy.get(companyId) ?? 0) >= this.o.perCompany) continue;
      const served = this.served.get(companyId) ?? -1;
      const due = Math.min(...list.map((j) => j.dueAt));
      if (best === null || served < bestServed || (served === bestServed && due < bestDue)) {
        best = companyId;
        bestServed = served;
        bestDue = due;
      }
    }
    return best;
  }

  private start(job: QueuedRun): void {
    const key = keyOf(job);
    this.runningKeys.add(key);
    this.runningBy.set(job.companyId, (this.runningBy.get(job.companyId) ?? 0) + 1);
    this.served.set(job.companyId, this.turn++);
    void this.o
      .run(job)
      .catch(() => undefined)
      .finally(() => {
        this.runningKeys.delete(key);
        const left = (this.runningBy.get(job.companyId) ?? 1) - 1;
        if (left > 0) this.runningBy.set(job.companyId, left);
        else this.runningBy.delete(job.companyId);
        this.pump();
      });
  }

  private settleIdle(): void {
    if (this.running > 0 || this.queued > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
