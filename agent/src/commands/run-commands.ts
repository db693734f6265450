// runCommands: several master-data upserts and reads in one command, one after another in one Sage session. Each
// answers alone, exactly as it would have answered as its own command (its result, or the normalised error it would
// have failed with), so one refused record never fails the others. A failure of the session itself ends the whole
// command (the pool must drop that session); it is retried as a whole, and the upserts are by key, so nothing doubles.
import { keepsSession } from "../drivers/session-pool";
import { normaliseError } from "../errors/normalise";
import { RUNNABLE_TOGETHER, type PayloadOf, type ResultOf } from "../protocol";
import type { CommandContext } from "./context";

type Runnable = PayloadOf<"runCommands">["commands"][number];
type RunOne = (ctx: CommandContext, command: Runnable) => Promise<Record<string, unknown>>;

/** The command types runCommands may carry: the runner checks them again, since the map it dispatches on has them all. */
const RUNNABLE: ReadonlySet<string> = new Set(RUNNABLE_TOGETHER);

export async function runCommands(
  ctx: CommandContext,
  p: PayloadOf<"runCommands">,
  runOne: RunOne,
): Promise<ResultOf<"runCommands">> {
  const results: ResultOf<"runCommands">["results"] = [];
  for (const command of p.commands) {
    try {
      if (!RUNNABLE.has(command.type)) throw new TypeError(`${command.type} cannot run inside runCommands.`);
      results.push({ ok: true, result: await runOne(ctx, command) });
    } catch (error) {
      if (!keepsSession(error)) throw error;
      results.push({ ok: false, error: normaliseError(error) });
    }
  }
  return { results };
}
