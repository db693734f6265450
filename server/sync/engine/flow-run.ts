// One run of a flow, as every stage sees it: the company's context (mode, clock, settings, clients) plus what lives
// exactly as long as the run — values read once and shared by all its records (lookups, snapshots, Sage 100's
// answers), steps that must not overlap while records are carried side by side, and the agent round trip. The
// engine makes one per run (or per durable step) and hands it to every stage; when the run ends, it is gone.
import { randomUUID } from "node:crypto";
import type { CommandInput, CommandType, ResultOf } from "@/agent/src/protocol";
import type { FlowContext } from "./flow";

export type AskOptions = {
  /**
   * The command's idempotency key: a fresh one by default (a read must be read again; an upsert by the record's own
   * key is safe to repeat), "payload" for the hash of the command (a re-run finds the same command), or a key.
   */
  key?: "fresh" | "payload" | string;
  timeoutMs?: number;
};

export type RunServices = {
  /** This run's id: the key of questions asked once per run. */
  runId: string;
  /** A value made once per run and shared by every record of it; the next run makes it afresh. */
  memo<T>(key: string, make: () => T): T;
  /** One answer per key and run; a failed question is asked again by the next record that needs it. */
  once<T>(key: string, ask: () => Promise<T>): Promise<T>;
  /** Steps of this run that must not overlap while its records are carried side by side (one lease = one process). */
  serial<T>(key: string, step: () => Promise<T>): Promise<T>;
  /** A round trip to the Sage 100 agent; a failed attempt goes back to the ledger's backoff, never waited out here. */
  ask<T extends CommandType>(command: Extract<CommandInput, { type: T }>, o?: AskOptions): Promise<ResultOf<T>>;
};

export type FlowRun = FlowContext & RunServices;

/** Opens a run over a context (a context that already is a run keeps its services: a stage may hand itself on). */
export function startFlowRun(ctx: FlowContext | FlowRun): FlowRun {
  if (isFlowRun(ctx)) return ctx;
  const values = new Map<string, unknown>();
  const answers = new Map<string, Promise<unknown>>();
  const tails = new Map<string, Promise<unknown>>();
  const run: FlowRun = {
    ...ctx,
    runId: randomUUID(),
    memo<T>(key: string, make: () => T): T {
      if (!values.has(key)) values.set(key, make());
      return values.get(key) as T;
    },
    once<T>(key: string, ask: () => Promise<T>): Promise<T> {
      let p = answers.get(key) as Promise<T> | undefined;
      if (!p) {
        p = ask();
        answers.set(key, p);
        p.catch(() => answers.delete(key));
      }
      return p;
    },
    serial<T>(key: string, step: () => Promise<T>): Promise<T> {
      const next = (tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(step);
      const tail = next.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
    ask(command, o = {}) {
      const key =
        o.key === "payload" ? undefined : !o.key || o.key === "fresh" ? `${command.type}:${randomUUID()}` : o.key;
      return ctx.sage100.execute(command, {
        ...(key ? { key } : {}),
        retryInLedger: true,
        ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
      });
    },
  };
  return run;
}

export function isFlowRun(ctx: FlowContext | FlowRun): ctx is FlowRun {
  return typeof (ctx as Partial<FlowRun>).serial === "function" && typeof (ctx as Partial<FlowRun>).runId === "string";
}
