// A flow whose loads may start while detect still reads (a long first read): under a runner that calls stages
// directly they overlap, under Inngest they follow one another; either way every record is carried once, nothing
// is loaded for a company whose preflight fails, and a detect that fails midway still lets what it read be carried.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import type { FlowDefinition } from "./flow";
import { observeRecords } from "../ledger/observe";
import { LOOP_RUNNERS } from "../testing/loop-runners";
import { context, memoryTarget, testFlow, type Thing } from "../testing/memory-flow";

const later = () => ({ nextRunAt: new Date(Date.now() + 60_000) });
const things = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const code = `T${String(from + i).padStart(3, "0")}`;
    return { externalId: code, payload: { code, name: code, qty: 1 } };
  });

/** Waits (up to 10 s) until `done` says so; false when it never did. */
async function until(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 50));
  return done();
}

/** A detect that records three chunks of 40 things; `between` runs after each chunk but the last. */
function chunkedFlow(
  target: ReturnType<typeof memoryTarget>,
  between: (chunk: number) => Promise<void>,
): FlowDefinition<Thing, Thing> {
  return {
    ...testFlow(new Map(), target),
    loadsDuringDetect: true,
    async detect(ctx) {
      let inserted = 0;
      for (let chunk = 0; chunk < 3; chunk++) {
        const seen = await observeRecords({
          companyId: ctx.companyId,
          system: "KASHFLOW",
          model: "item",
          records: things(chunk * 40, 40),
        });
        inserted += seen.inserted;
        if (chunk < 2) await between(chunk);
      }
      return { inserted, changed: 0, unchanged: 0, echoes: 0, complete: true };
    },
  };
}

describe("loads during detect", () => {
  it("in process, the first records are written while detect still reads; each of them is carried once", async () => {
    const ctx = await context();
    const target = memoryTarget();
    let writtenBeforeDetectEnded = 0;
    const flow = chunkedFlow(target, async (chunk) => {
      // After the first chunk, detect waits for the loads to have written some of it.
      if (chunk === 0) await until(() => target.writes > 0);
      writtenBeforeDetectEnded = target.writes;
    });
    const [inProcess] = LOOP_RUNNERS;
    const run = await inProcess!.runFlow(ctx, flow, later());
    expect(run.error).toBeUndefined();
    expect(writtenBeforeDetectEnded).toBeGreaterThan(0);
    expect(run.counts).toMatchObject({ inserted: 120, SYNCED: 120 });
    expect(target.writes).toBe(120);
    expect(await db.syncAttempt.count({ where: { companyId: ctx.companyId } })).toBe(120);
  });

  describe.each(LOOP_RUNNERS)("($name runner)", ({ runFlow }) => {
    it("a failing preflight (the agent offline) loads nothing, not even records due from before", async () => {
      const ctx = await context();
      const target = memoryTarget();
      await observeRecords({ companyId: ctx.companyId, system: "KASHFLOW", model: "item", records: things(900, 5) });
      const flow: FlowDefinition<Thing, Thing> = {
        ...chunkedFlow(target, async () => undefined),
        preflight: async () => {
          throw new AppError("UPSTREAM", "The Sage 100 agent is offline.", {
            retryClass: "TRANSIENT",
            reason: "AgentUnavailable",
          });
        },
      };
      const run = await runFlow(ctx, flow, later());
      expect(run.error).toContain("offline");
      expect(target.writes).toBe(0);
      expect(await db.syncAttempt.count({ where: { companyId: ctx.companyId } })).toBe(0);
      expect(await db.syncRecord.count({ where: { companyId: ctx.companyId, status: "PENDING" } })).toBe(5);
    });

    it("a detect that fails midway fails the run, and what it recorded before is carried once", async () => {
      const ctx = await context();
      const target = memoryTarget();
      const flow = chunkedFlow(target, async (chunk) => {
        if (chunk === 1) throw new AppError("UPSTREAM", "KashFlow went away.", { retryClass: "TRANSIENT" });
      });
      const run = await runFlow(ctx, flow, later());
      expect(run.error).toContain("KashFlow went away");
      // Under Inngest the failed detect ends the run before any load; in process the loads took what was read.
      const synced = await db.syncRecord.count({ where: { companyId: ctx.companyId, status: "SYNCED" } });
      expect(target.writes).toBe(synced);
      expect(synced).toBeLessThanOrEqual(80);
      const next = await runFlow(
        ctx,
        chunkedFlow(target, async () => undefined),
        later(),
      );
      expect(next.error).toBeUndefined();
      expect(target.writes).toBe(120);
    });
  });
});
