// The state file: newline-delimited JSON written in batches, so 100,000-invoice books never need one
// giant string (V8 caps strings at ~512 MB). Background writes are time-sliced and spaced out so that
// persistence costs at most ~10% of the server's time; close() writes a final consistent snapshot.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { Books, BooksData } from "./books";
import type { AccountData, SandboxStore, StoreData } from "./store";

export interface PersistOptions {
  /** Quiet period before a write. */
  debounceMs?: number;
  /** A write starts at least this often while changes keep coming (unless the duty cap delays it). */
  maxWaitMs?: number;
}

type CollectionName = Exclude<keyof BooksData, "settings" | "seq">;

const COLLECTIONS: { name: CollectionName; items: (b: Books) => Iterable<unknown> }[] = [
  { name: "customers", items: (b) => b.customers.values() },
  { name: "suppliers", items: (b) => b.suppliers.values() },
  { name: "nominals", items: (b) => b.nominals.values() },
  { name: "products", items: (b) => b.products.values() },
  { name: "invoices", items: (b) => b.invoices.values() },
  { name: "purchases", items: (b) => b.purchases.values() },
  { name: "bankAccounts", items: (b) => b.bankAccounts.values() },
  { name: "bankTx", items: (b) => b.bankTx.values() },
  { name: "vatRates", items: (b) => b.vatRates.values() },
  { name: "currencies", items: (b) => b.currencies.values() },
  { name: "invoicePaymentMethods", items: (b) => b.paymentMethods.invoice.values() },
  { name: "purchasePaymentMethods", items: (b) => b.paymentMethods.purchase.values() },
  { name: "audit", items: (b) => b.audit },
];

const BATCH = 500;
/** Longest stretch of serialising before a background write yields to requests. */
const SLICE_MS = 15;
/** Background writes may use at most 1/(1+DUTY_GAP) of the time. */
const DUTY_GAP = 9;

/**
 * Lines of one snapshot. Each account's header (with its id counters) comes after its records, so
 * counters are never behind ids already written even when records change during a background write.
 */
function* snapshotLines(store: SandboxStore): Generator<string> {
  yield JSON.stringify({ k: "header", version: 2, savedAt: new Date().toISOString() });
  for (const account of [...store.accounts.values()]) {
    const books = account.books;
    for (const { name, items } of COLLECTIONS) {
      let batch: unknown[] = [];
      for (const item of items(books)) {
        batch.push(item);
        if (batch.length === BATCH) {
          yield JSON.stringify({ k: "recs", a: account.Id, c: name, r: batch });
          batch = [];
        }
      }
      if (batch.length > 0) yield JSON.stringify({ k: "recs", a: account.Id, c: name, r: batch });
    }
    const head: Omit<AccountData, "books"> & { settings: BooksData["settings"]; seq: BooksData["seq"] } = {
      Id: account.Id,
      CreatedAt: account.CreatedAt,
      DataSet: account.DataSet,
      Seed: account.Seed,
      User: account.User,
      Overrides: account.Overrides,
      settings: books.settings,
      seq: books.seq,
    };
    yield JSON.stringify({ k: "account", a: account.Id, head });
  }
  yield JSON.stringify({ k: "global", ...store.globalData() });
  yield JSON.stringify({ k: "end" });
}

/** Reads a state file line by line without holding it as one string; null if incomplete or invalid. */
function readState(file: string): StoreData | null {
  const fd = openSync(file, "r");
  const decoder = new StringDecoder("utf8");
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  let pending = "";
  const records = new Map<string, Partial<Record<CollectionName, unknown[]>>>();
  const heads: (Omit<AccountData, "books"> & { settings: BooksData["settings"]; seq: BooksData["seq"] })[] = [];
  let global: Omit<StoreData, "accounts" | "version" | "savedAt"> | null = null;
  let legacy: StoreData | null = null;
  let ended = false;
  const handle = (line: string) => {
    if (!line.trim()) return;
    const msg = JSON.parse(line) as Record<string, any>;
    if (msg.k === undefined && msg.version === 1) legacy = msg as StoreData;
    else if (msg.k === "recs") {
      let acc = records.get(msg.a);
      if (!acc) records.set(msg.a, (acc = {}));
      const list = (acc[msg.c as CollectionName] ??= []);
      for (const r of msg.r as unknown[]) list.push(r);
    } else if (msg.k === "account") heads.push(msg.head);
    else if (msg.k === "global") {
      const { k: _k, ...rest } = msg;
      global = rest as typeof global;
    } else if (msg.k === "end") ended = true;
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      pending += decoder.write(buf.subarray(0, n));
      let nl: number;
      while ((nl = pending.indexOf("\n")) >= 0) {
        handle(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
    }
    handle(pending + decoder.end());
  } finally {
    closeSync(fd);
  }
  if (legacy) return legacy;
  if (!ended || !global) return null;
  const g = global as Omit<StoreData, "accounts" | "version" | "savedAt">;
  return {
    version: 1,
    savedAt: "",
    ...g,
    accounts: heads.map((h) => {
      const r = records.get(h.Id) ?? {};
      const list = <T>(name: CollectionName) => (r[name] ?? []) as T[];
      return {
        Id: h.Id,
        CreatedAt: h.CreatedAt,
        DataSet: h.DataSet,
        Seed: h.Seed,
        User: h.User,
        Overrides: h.Overrides,
        books: {
          settings: h.settings,
          seq: h.seq,
          customers: list("customers"),
          suppliers: list("suppliers"),
          nominals: list("nominals"),
          products: list("products"),
          invoices: list("invoices"),
          purchases: list("purchases"),
          bankAccounts: list("bankAccounts"),
          bankTx: list("bankTx"),
          vatRates: list("vatRates"),
          currencies: list("currencies"),
          invoicePaymentMethods: list("invoicePaymentMethods"),
          purchasePaymentMethods: list("purchasePaymentMethods"),
          audit: list("audit"),
        },
      };
    }),
  };
}

export class Persistence {
  private timer: NodeJS.Timeout | null = null;
  private firstDirtyAt: number | null = null;
  private dirty = false;
  private writing: { cancelled: boolean } | null = null;
  private lastBusyMs = 0;
  private lastEndedAt = 0;
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

  /** Loads the file if present; an unreadable file is moved aside rather than crashing the server. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    let data: StoreData | null = null;
    let problem: unknown = "the file is incomplete";
    try {
      data = readState(this.file);
    } catch (err) {
      problem = err;
    }
    if (!data) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      console.error(`[kashflow-sandbox] state file unreadable, moved to ${aside}:`, problem);
      return false;
    }
    this.store.load(data);
    return true;
  }

  markDirty(_accountId?: string): void {
    if (this.closed) return;
    this.dirty = true;
    this.firstDirtyAt ??= Date.now();
    if (!this.writing) this.schedule();
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const now = Date.now();
    const first = this.firstDirtyAt ?? now;
    const debounced = Math.min(this.debounceMs, Math.max(0, first + this.maxWaitMs - now));
    const dutyGap = Math.max(0, this.lastEndedAt + this.lastBusyMs * DUTY_GAP - now);
    this.timer = setTimeout(() => void this.writeInBackground(), Math.max(debounced, dutyGap));
    this.timer.unref();
  }

  private tempFile(): string {
    return `${this.file}.${process.pid}.tmp`;
  }

  /** Time-sliced snapshot: yields to requests every SLICE_MS of serialising. */
  private async writeInBackground(): Promise<void> {
    this.timer = null;
    if (this.closed || this.writing) return;
    const job = { cancelled: false };
    this.writing = job;
    this.dirty = false;
    this.firstDirtyAt = null;
    const tmp = this.tempFile();
    let fd: number | null = null;
    let busy = 0;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      fd = openSync(tmp, "w");
      let sliceStart = performance.now();
      for (const line of snapshotLines(this.store)) {
        writeSync(fd, `${line}\n`);
        const elapsed = performance.now() - sliceStart;
        if (elapsed > SLICE_MS) {
          busy += elapsed;
          await new Promise<void>((r) => setImmediate(r));
          if (job.cancelled) return;
          sliceStart = performance.now();
        }
      }
      busy += performance.now() - sliceStart;
      closeSync(fd);
      fd = null;
      if (job.cancelled) return;
      renameSync(tmp, this.file);
      this.lastError = null;
    } catch (err) {
      this.lastError = err;
      this.dirty = true;
      console.error("[kashflow-sandbox] failed to write state file:", err);
    } finally {
      if (fd !== null) closeSync(fd);
      if (job.cancelled && existsSync(tmp)) unlinkSync(tmp);
      if (this.writing === job) this.writing = null;
      this.lastBusyMs = busy;
      this.lastEndedAt = Date.now();
      if (this.dirty && !this.closed && !job.cancelled) {
        this.firstDirtyAt ??= Date.now();
        this.schedule();
      }
    }
  }

  /** Writes a complete snapshot now, synchronously (atomic: temp file + rename). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing) this.writing.cancelled = true;
    this.writing = null;
    this.dirty = false;
    this.firstDirtyAt = null;
    const tmp = `${this.tempFile()}.sync`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const fd = openSync(tmp, "w");
      try {
        for (const line of snapshotLines(this.store)) writeSync(fd, `${line}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
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
