// Reads of single master-data records, gathered: records planned side by side each ask Sage 100 for one row (does
// this key exist, what does Sage hold now), and one agent command per row was most of a batch's round trips. A read
// asked while another is on its way waits for it and then goes with every read asked meanwhile, in one runCommands;
// one read alone goes as the findDocument it always was. Each read still answers (or fails) on its own.
import { COMMAND_RESULTS, type CommandError, type CommandInput, type ResultOf } from "@/agent/src/protocol";
import { AppError, type RetryClass } from "@/lib/errors";
import type { FlowRun } from "../engine/flow-run";
import { sage100Command } from "./command";

type FindCommand = Extract<CommandInput, { type: "findDocument" }>;
type Found = ResultOf<"findDocument">;
type Waiting = { command: FindCommand; resolve: (found: Found) => void; reject: (error: unknown) => void };
type Queue = { waiting: Waiting[]; sending: boolean };

/** Reads per command (the protocol takes 200 commands in a runCommands). */
const READS_PER_COMMAND = 200;

/** The error a sub-command failed with, as the gateway maps a failed command. */
export const commandRefused = (error: CommandError) =>
  new AppError("UPSTREAM", error.message, { retryClass: error.retryClass as RetryClass, reason: error.code });

/** The agent does not know runCommands yet (it answers an unknown command type "unsupported"). */
export const agentLacksRunCommands = (error: unknown): boolean =>
  error instanceof AppError && error.reason === "UNSUPPORTED";

/** One record's row as Sage 100 has it now, read together with the reads other records of the run ask meanwhile. */
export function readTogether(ctx: FlowRun, command: FindCommand): Promise<Found> {
  const queue = ctx.memo<Queue>("sage100:reads", () => ({ waiting: [], sending: false }));
  return new Promise<Found>((resolve, reject) => {
    queue.waiting.push({ command, resolve, reject });
    if (queue.sending) return;
    queue.sending = true;
    // After this turn: the records planned with this one ask theirs too, and go in the same command.
    setImmediate(() => void send(ctx, queue));
  });
}

async function send(ctx: FlowRun, queue: Queue): Promise<void> {
  while (queue.waiting.length) {
    const taken = queue.waiting.splice(0, READS_PER_COMMAND);
    try {
      if (taken.length === 1) {
        taken[0]!.resolve(await sage100Command(ctx, taken[0]!.command));
        continue;
      }
      const answer = await sage100Command(ctx, {
        type: "runCommands",
        payload: { commands: taken.map((t) => t.command) },
      });
      for (const [i, t] of taken.entries()) {
        const r = answer.results[i];
        if (r?.ok) {
          const found = COMMAND_RESULTS.findDocument.safeParse(r.result);
          if (found.success) t.resolve(found.data);
          else t.reject(found.error);
        } else if (r) t.reject(commandRefused(r.error));
        else t.reject(new AppError("INTERNAL", "Sage 100 gave no answer to this read.", { retryClass: "BUG" }));
      }
    } catch (error) {
      // An agent older than runCommands: each read goes alone, as it always did.
      if (agentLacksRunCommands(error))
        await Promise.all(
          taken.map((t) =>
            sage100Command(ctx, t.command).then(t.resolve, (e: unknown) => {
              t.reject(e);
            }),
          ),
        );
      else for (const t of taken) t.reject(error);
    }
  }
  queue.sending = false;
}
