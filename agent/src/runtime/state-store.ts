// What the agent remembers between runs, next to its config: the change high-water marks (state.json) and the
// pause flag (a separate file, so `ledgerlink-agent pause` never races the running agent's writes).
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { CHANGE_TABLES } from "../protocol";

const highWaterSchema = z.object({
  /** DateUpdated + TimeUpdated of the newest row delivered, in seconds. */
  seconds: z.number(),
  /** Fingerprints of rows delivered inside the overlap window (stamps have 1-second precision). */
  seen: z.array(z.string()),
});
export type HighWater = z.infer<typeof highWaterSchema>;

const stateSchema = z.object({ highWater: z.partialRecord(z.enum(CHANGE_TABLES), highWaterSchema).default({}) });
type State = z.infer<typeof stateSchema>;

export class StateStore {
  private state: State;
  readonly stateFile: string;
  readonly pauseFile: string;

  constructor(readonly dir: string) {
    this.stateFile = path.join(dir, "state.json");
    this.pauseFile = path.join(dir, "paused");
    this.state = this.load();
  }

  private load(): State {
    try {
      return stateSchema.parse(JSON.parse(fs.readFileSync(this.stateFile, "utf8")));
    } catch {
      return { highWater: {} };
    }
  }

  highWater(table: (typeof CHANGE_TABLES)[number]): HighWater | undefined {
    return this.state.highWater[table];
  }

  highWaterMarks(): Partial<Record<(typeof CHANGE_TABLES)[number], HighWater>> {
    return { ...this.state.highWater };
  }

  setHighWater(table: (typeof CHANGE_TABLES)[number], value: HighWater): void {
    this.state.highWater[table] = value;
    fs.mkdirSync(this.dir, { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state));
    fs.renameSync(tmp, this.stateFile);
  }

  isPausedLocally(): { reason: string } | null {
    try {
      return { reason: fs.readFileSync(this.pauseFile, "utf8").trim() || "paused" };
    } catch {
      return null;
    }
  }

  pause(reason: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.writeFileSync(this.pauseFile, reason);
  }

  resume(): void {
    fs.rmSync(this.pauseFile, { force: true });
  }
}
