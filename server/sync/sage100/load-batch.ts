// Load for a whole claimed batch of master data into Sage 100 (customers, vendors, items): every record's upsert,
// each followed by the read of its row, in one agent command (runCommands) instead of two commands per record — one
// queue entry, lease and result for the batch. Each record is then settled exactly as `loadToSage100` settles one
// alone (echo, counterpart); Sage refusing one is that record's outcome only (held with Sage's reason, or retried).
import { COMMAND_RESULTS, runnableCommandSchema, type ResultOf, type RunnableCommand } from "@/agent/src/protocol";
import { AppError } from "@/lib/errors";
import type { LoadResult, RecordMeta } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import { settled } from "../engine/process-record";
import { loadToSage100, settleWrite, type ToSage100Plan } from "./load";
import { agentLacksRunCommands, commandRefused } from "./reads";
import { foundRow, type KeyedSage100Side } from "./sides";

/** Records per command (an upsert and a read each; the protocol takes 200 commands): a batch's chunks go side by side. */
export const RECORDS_PER_COMMAND = 50;

/**
 * Records of a batch planned side by side: the Sage reads they ask meanwhile go together (reads.ts), so the wider,
 * the fewer round trips; each also holds Postgres connections while planned, and 40 runs share one pool.
 */
export const PLANNED_SIDE_BY_SIDE = 10;

type Item = { plan: ToSage100Plan; meta: RecordMeta };
type Write = {
  index: number;
  plan: Extract<ToSage100Plan, { kind: "write" }>;
  meta: RecordMeta;
  upsert: RunnableCommand;
};
type Answer = ResultOf<"runCommands">["results"][number];

/** The whole command failed for its Sage session (dead, or no licence to open one), not for any record of it. */
const SESSION_FAULTS: ReadonlySet<string> = new Set(["SESSION_DEAD", "NO_LICENSE"]);
const sessionFailed = (error: unknown): boolean => error instanceof AppError && SESSION_FAULTS.has(error.reason ?? "");

/** One sub-command's answer as its own command's result, or the error it failed with. */
function resultOf<T extends RunnableCommand["type"]>(type: T, answer: Answer | undefined): ResultOf<T> {
  if (!answer) throw new AppError("INTERNAL", "Sage 100 gave no result for this record.", { retryClass: "BUG" });
  if (!answer.ok) throw commandRefused(answer.error);
  return COMMAND_RESULTS[type].parse(answer.result) as ResultOf<T>;
}

/** Writes and reads back up to RECORDS_PER_COMMAND records in one command; fills `out` for them. */
async function writeTogether(
  ctx: FlowRun,
  side: KeyedSage100Side,
  writes: readonly Write[],
  out: PromiseSettledResult<LoadResult>[],
): Promise<void> {
  let answer: ResultOf<"runCommands">;
  try {
    // A fresh key, as for one record: the upserts are by the record's own key (safe to repeat), the reads must be read again.
    answer = await ctx.ask(
      { type: "runCommands", payload: { commands: writes.flatMap((w) => [w.upsert, side.readCommand(w.plan.key)]) } },
      { timeoutMs: 120_000 },
    );
  } catch (error) {
    // An agent older than runCommands, or a session that failed (or could not open) for the whole command: each
    // record goes alone, as it always did, so one fault costs each record its own attempt, not the whole batch's.
    if (agentLacksRunCommands(error) || sessionFailed(error))
      await Promise.all(
        writes.map(async (w) => void (out[w.index] = await settled(() => loadToSage100(ctx, side, w.plan, w.meta)))),
      );
    else for (const w of writes) out[w.index] = { status: "rejected", reason: error };
    return;
  }
  await Promise.all(
    writes.map(async (w, k) => {
      out[w.index] = await settled(async () => {
        const response = resultOf(w.upsert.type, answer.results[2 * k]);
        const after = foundRow(resultOf("findDocument", answer.results[2 * k + 1]));
        return settleWrite(ctx, side, w.plan, response, after);
      });
    }),
  );
}

/** A settled load per item, in order: the batch's writes in commands of RECORDS_PER_COMMAND, the rest as one record each. */
export async function loadBatchToSage100(
  ctx: FlowRun,
  side: KeyedSage100Side,
  items: readonly Item[],
): Promise<PromiseSettledResult<LoadResult>[]> {
  const out: PromiseSettledResult<LoadResult>[] = new Array(items.length);
  const writes: Write[] = [];
  const alone: number[] = [];
  for (const [index, { plan }] of items.entries()) {
    // Only a command runCommands may carry goes together; anything else (nothing to write, a skip) goes as before.
    // Sent as planned (the queue validates the whole command): one whose payload is invalid fails alone, as before.
    const together = plan.kind === "write" && runnableCommandSchema.safeParse(plan.command).success;
    if (plan.kind === "write" && together)
      writes.push({ index, plan, meta: items[index]!.meta, upsert: plan.command as RunnableCommand });
    else alone.push(index);
  }
  const chunks: Write[][] = [];
  for (let at = 0; at < writes.length; at += RECORDS_PER_COMMAND)
    chunks.push(writes.slice(at, at + RECORDS_PER_COMMAND));
  await Promise.all([
    ...chunks.map((chunk) => writeTogether(ctx, side, chunk, out)),
    ...alone.map(async (i) => {
      out[i] = await settled(() => loadToSage100(ctx, side, items[i]!.plan, items[i]!.meta));
    }),
  ]);
  return out;
}
