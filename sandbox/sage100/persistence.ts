// State file persistence: the whole store as JSON, written debounced (atomic tmp+rename) after changes, loaded
// at start. Sessions, locks and batch holds are runtime-only, as in Sage (they die with the processes).
import fs from "node:fs";
import path from "node:path";
import type { SimUser } from "./boi/users";
import type { CompanyData } from "./tables/company";

export interface PersistedState {
  version: 1;
  savedAt: string;
  users: SimUser[];
  companies: CompanyData[];
}

export class StatePersistence {
  readonly file: string | null;
  private readonly debounceMs: number;
  private readonly snapshot: () => PersistedState;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private lastFlushMs = 0;

  constructor(file: string | null, debounceMs: number, snapshot: () => PersistedState) {
    this.file = file;
    this.debounceMs = debounceMs;
    this.snapshot = snapshot;
  }

  load(): PersistedState | null {
    if (!this.file || !fs.existsSync(this.file)) return null;
    const raw = fs.readFileSync(this.file, "utf8");
    try {
      const parsed = JSON.parse(raw) as PersistedState;
      if (parsed.version !== 1 || !Array.isArray(parsed.companies)) throw new Error("unsupported state file version");
      return parsed;
    } catch (err) {
      // keep the unreadable file for inspection and start fresh rather than crash the sandbox
      fs.renameSync(this.file, `${this.file}.corrupt-${Date.now()}`);
      console.warn(`[sage100] state file unreadable (${(err as Error).message}); starting from seed`);
      return null;
    }
  }

  markDirty(): void {
    if (!this.file) return;
    this.dirty = true;
    if (this.timer) return;
    // a big store takes a while to serialise: back off so flushing never dominates a write-heavy run
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.flush();
      },
      Math.max(this.debounceMs, this.lastFlushMs * 5),
    );
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.file || !this.dirty) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const started = Date.now();
    const tmp = `${this.file}.${process.pid}.tmp`;
    // Changes made while the snapshot is written mark it dirty again; a failed write leaves it dirty.
    this.dirty = false;
    try {
      fs.writeFileSync(tmp, JSON.stringify(this.snapshot()));
      fs.renameSync(tmp, this.file);
    } catch (error) {
      this.dirty = true;
      throw error;
    }
    this.lastFlushMs = Date.now() - started;
  }

  /** Forces the next flush to write even if nothing changed since the last one. */
  touch(): void {
    this.dirty = true;
  }
}
