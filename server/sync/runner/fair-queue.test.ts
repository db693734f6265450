// The in-process runner's queue: companies served in turn (none waits for another's whole backlog), each company
// under its cap and its flows started in catalogue order, many runs at once overall.
import { describe, expect, it } from "vitest";
import { FairQueue, type QueuedRun } from "./fair-queue";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(o: { concurrency: number; perCompany: number; ms?: (job: QueuedRun) => number }) {
  const started: QueuedRun[] = [];
  const running = new Map<string, number>();
  let total = 0;
  let maxTotal = 0;
  const maxBy = new Map<string, number>();
  const queue = new FairQueue({
    concurrency: o.concurrency,
    perCompany: o.perCompany,
    run: async (job) => {
      started.push(job);
      total++;
      running.set(job.companyId, (running.get(job.companyId) ?? 0) + 1);
      maxTotal = Math.max(maxTotal, total);
      maxBy.set(job.companyId, Math.max(maxBy.get(job.companyId) ?? 0, running.get(job.companyId)!));
      await sleep(o.ms?.(job) ?? 5);
      total--;
      running.set(job.companyId, running.get(job.companyId)! - 1);
    },
  });
  return {
    queue,
    started,
    maxBy,
    get maxTotal() {
      return maxTotal;
    },
  };
}

const jobs = (companyId: string, n: number, dueAt = 0): QueuedRun[] =>
  Array.from({ length: n }, (_, i) => ({ companyId, flowId: `flow-${i}`, order: i, dueAt }));

describe("fair queue", () => {
  it("serves companies in turn, each under its cap and in catalogue order, many at once overall", async () => {
    const r = recorder({ concurrency: 4, perCompany: 2 });
    // Company a's whole backlog is offered first, as a tick would find it.
    r.queue.replace([...jobs("a", 10).reverse(), ...jobs("b", 10), ...jobs("c", 10)]);
    await r.queue.onIdle();
    expect(r.started).toHaveLength(30);
    expect(r.maxTotal).toBe(4);
    for (const c of ["a", "b", "c"]) {
      expect(r.maxBy.get(c)).toBe(2);
      expect(r.started.filter((j) => j.companyId === c).map((j) => j.order)).toEqual([...Array(10).keys()]);
    }
    // Round-robin: in any six runs started in a row, every company had at least one.
    for (let i = 0; i + 6 <= r.started.length; i++)
      expect(new Set(r.started.slice(i, i + 6).map((j) => j.companyId)).size).toBe(3);
  });

  it("a company with a long backlog does not hold back one that arrives later", async () => {
    const r = recorder({ concurrency: 2, perCompany: 2 });
    r.queue.replace(jobs("big", 20));
    await sleep(12);
    const before = r.started.length;
    r.queue.replace(jobs("late", 1, Date.now()), ["late"]);
    await r.queue.onIdle();
    // The next free slot is the late company's, though "big" still had most of its backlog waiting.
    expect(r.started.findIndex((j) => j.companyId === "late")).toBe(before);
    expect(before).toBeLessThan(15);
  });

  it("companies never served go oldest due first; a run already running is not queued twice; what is no longer due leaves", async () => {
    const r = recorder({ concurrency: 1, perCompany: 1, ms: () => 20 });
    r.queue.replace([...jobs("new", 1, 3_000), ...jobs("old", 1, 1_000), ...jobs("middle", 1, 2_000)]);
    // The first (old) is running: offering it again and dropping "middle" from the due set.
    r.queue.replace([...jobs("new", 1, 3_000), ...jobs("old", 1, 1_000)]);
    expect(r.queue.running).toBe(1);
    expect(r.queue.queued).toBe(1);
    await r.queue.onIdle();
    expect(r.started.map((j) => j.companyId)).toEqual(["old", "new"]);
  });

  it("a company's flow due long ago starts before its early-catalogue flows due just now (none starves)", async () => {
    const r = recorder({ concurrency: 4, perCompany: 1 });
    const now = Date.now();
    // Payments (8th in the catalogue) due for a minute; master data asked for again a moment ago.
    r.queue.replace([...jobs("a", 3, now), { companyId: "a", flowId: "payments", order: 8, dueAt: now - 60_000 }]);
    await r.queue.onIdle();
    expect(r.started.map((j) => j.flowId)).toEqual(["payments", "flow-0", "flow-1", "flow-2"]);
  });
});
