// runCommands: several master-data upserts and reads in one command, one after another in one Sage session. Each
// answers alone, exactly as it would have answered as its own command (its result, or the normalised error it would
// have failed with), so one refused record never fails the others. When the session itself fails, what was done
// before stays answered (those records were written: the server must record them), the rest fail as retryable, and
// the session is still dropped by the pool (SessionEndedMidway is thrown through it, carrying the answers).
import { SessionLostError } from "../drivers/boi-failure";
import { keepsSession } from "../drivers/session-pool";
import { normaliseError } from "../errors/normalise";
import { RUNNABLE_TOGETHER, type CommandError, type PayloadOf, type ResultOf } from "../protocol";
import type { CommandContext } from "./context";

type Runnable = PayloadOf<"runCommands">["commands"][number];
type RunOne = (ctx: CommandContext, command: Runnable) => Promise<Record<string, unknown>>;

/** The command types runCommands may carry: the runner checks them again, since the map it dispatches on has them all. */
const RUNNABLE: ReadonlySet<string> = new Set(RUNNABLE_TOGETHER);

const NOT_RUN: CommandError = {
  code: "SESSION_DEAD",
  retryClass: "TRANSIENT",
  message:
    "Not run: the connection to Sage 100 failed on an earlier record of the same batch. Ledgerlink will try again.",
};

/** The session failed part-way: the answers so far (and the rest marked not run), thrown so the pool drops the session. */
export class SessionEndedMidway extends Error {
  constructor(
    readonly answer: ResultOf<"runCommands">,
    options: { cause: unknown },
  ) {
    super("The Sage 100 session failed part-way through a runCommands.", options);
    this.name = "SessionEndedMidway";
  }
}

/** The answers of a runCommands whose session failed part-way, wherever the pool wrapped them. */
export function answersOf(error: unknown): ResultOf<"runCommands"> | null {
  if (error instanceof SessionEndedMidway) return error.answer;
  if (error instanceof Error && error.cause instanceof SessionEndedMidway) return error.cause.answer;
  return null;
}

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
      if (keepsSession(error)) {
        results.push({ ok: false, error: normaliseError(error) });
        continue;
      }
      // With a session, any such failure is the session's (as the pool would call it); ODBC alone, it is what it is.
      const lost =
        ctx.handle && !(error instanceof SessionLostError)
          ? new SessionLostError(
              `The Sage 100 session failed: ${error instanceof Error ? error.message : String(error)}`,
              { cause: error },
            )
          : error;
      results.push({ ok: false, error: normaliseError(lost) });
      while (results.length < p.commands.length) results.push({ ok: false, error: NOT_RUN });
      throw new SessionEndedMidway({ results }, { cause: error });
    }
  }
  return { results };
}
