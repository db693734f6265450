// Debounced JSON state file. Each account's JSON is cached until that account changes, so a busy
// account does not force re-serialising every other account's books on each write.
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import type { SandboxStore, StoreData } from "./store";

export interface PersistOptions {
  /** Quiet period before a write. */
  debounceMs?: number;
  /** A write happens at least this often while changes keep coming. */
  maxWaitMs?: number;
}

export class Persistence {
  private readonly accountJson = new Map<string, string>();
  private readonly dirtyAccounts = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private firstDirtyAt: number | null = null;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private closed = false;
  lastError: unknown = null;

  constructor(
    private readonly store: SandboxStore,
    readonly file: string,
    opts: PersistOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 250;
    this.maxWaitMs = opts.maxWaitMs ?? 2000;
  }

  /** Loads the file if present; a corrupt file is moved aside rather than crashing the server. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    let data: StoreData;
    try {
      data = JSON.parse(readFileSync(this.file, "utf8")) as StoreData;
    } catch (err) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      console.error(`[kashflow-sandbox] state file unreadable, moved to ${aside}:`, err);
      return false;
    }
    this.store.load(data);
    return true;
  }

  markDirty(accountId?: string): void {
    if (this.closed) return;
    if (accountId !== undefined) this.dirtyAccounts.add(accountId);
    const now = Date.now();
    this.firstDirtyAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstDirtyAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => this.flush(), wait);
    this.timer.unref();
  }

  /** Writes now (atomically: temp file + rename). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.firstDirtyAt = null;
    try {
      const parts: string[] = [];
      for (const [id, account] of this.store.accounts) {
        let json = this.accountJson.get(id);
        if (json === undefined || this.dirtyAccounts.has(id)) {
          json = JSON.stringify(this.store.accountToData(account));
          this.accountJson.set(id, json);
        }
        parts.push(json);
      }
      for (const id of this.accountJson.keys()) if (!this.store.accounts.has(id)) this.accountJson.delete(id);
      this.dirtyAccounts.clear();
      const head = JSON.stringify({ version: 1, savedAt: new Date().toISOString(), ...this.store.globalData() });
      const text = `${head.slice(0, -1)},"accounts":[${parts.join(",")}]}`;
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, this.file);
      this.lastError = null;
    } catch (err) {
      this.lastError = err;
      console.error("[kashflow-sandbox] failed to write state file:", err);
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}
