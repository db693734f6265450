// Change detection without webhooks (spec §9): complete sweeps with content hashes for master data, and the
// audit report for documents and payments. Pure functions; the sync engine persists the state.
import type { KfAuditRow } from "./schemas/audit";

// ---- sweeps (customers, suppliers, products) ----------------------------------------------------------

/** What we remember per record between sweeps. */
export type SweepEntry = {
  hash: string;
  /** ISO timestamp of the last sweep that saw it. */
  lastSeenAt: string;
  /** ISO timestamp of the first complete sweep that did not see it; absent while present. */
  missingSince?: string;
  /** Consecutive complete sweeps without it. */
  missingSweeps?: number;
};
export type SweepState = Record<string, SweepEntry>;

/**
 * A record absent from complete sweeps counts as deleted only after a grace window (§9: pages can silently
 * drop rows): at least `sweeps` consecutive complete sweeps and/or `durationMs` since it went missing.
 */
export type GraceWindow = { sweeps?: number; durationMs?: number; require?: "all" | "any" };
export const DEFAULT_GRACE: GraceWindow = { sweeps: 2 };

export type Sweep = {
  /** true only when every page was read and nothing slipped between pages. */
  complete: boolean;
  at: Date;
  /** key → content hash of every record the sweep saw. */
  hashes: ReadonlyMap<string, string>;
};

export type SweepDiff = {
  inserted: string[];
  changed: string[];
  unchanged: string[];
  /** Absent, but still inside the grace window. */
  missing: string[];
  /** Absent for the whole grace window: treat as deleted. */
  deleted: string[];
  /** The state to store for the next sweep (deleted keys are gone from it). */
  next: SweepState;
};

function graceOver(entry: { missingSince: string; missingSweeps: number }, at: Date, grace: GraceWindow): boolean {
  const checks: boolean[] = [];
  if (grace.sweeps !== undefined) checks.push(entry.missingSweeps >= grace.sweeps);
  if (grace.durationMs !== undefined) checks.push(at.getTime() - Date.parse(entry.missingSince) >= grace.durationMs);
  if (checks.length === 0) checks.push(entry.missingSweeps >= (DEFAULT_GRACE.sweeps ?? 2));
  return (grace.require ?? "all") === "all" ? checks.every(Boolean) : checks.some(Boolean);
}

/**
 * Compares a sweep with the previous state. An incomplete sweep still reports inserted / changed / unchanged
 * for what it saw, but never moves anything towards deletion.
 */
export function diffSweep(prev: SweepState, sweep: Sweep, grace: GraceWindow = DEFAULT_GRACE): SweepDiff {
  const at = sweep.at.toISOString();
  const out: SweepDiff = { inserted: [], changed: [], unchanged: [], missing: [], deleted: [], next: {} };
  for (const [key, hash] of sweep.hashes) {
    const before = prev[key];
    if (!before) out.inserted.push(key);
    else if (before.hash !== hash) out.changed.push(key);
    else out.unchanged.push(key);
    out.next[key] = { hash, lastSeenAt: at };
  }
  for (const [key, before] of Object.entries(prev)) {
    if (sweep.hashes.has(key)) continue;
    if (!sweep.complete) {
      out.next[key] = before;
      continue;
    }
    const entry = {
      ...before,
      missingSince: before.missingSince ?? at,
      missingSweeps: (before.missingSweeps ?? 0) + 1,
    };
    if (graceOver(entry, sweep.at, grace)) {
      out.deleted.push(key);
    } else {
      out.missing.push(key);
      out.next[key] = entry;
    }
  }
  return out;
}

// ---- audit report (documents and payments) ------------------------------------------------------------

export type AuditEntity =
  | "sales_invoice"
  | "purchase_invoice"
  | "invoice_payment"
  | "purchase_payment"
  | "bank_transaction"
  | "journal";

/** Sage-style audit codes (§9) → what changed. */
const TYPE_ENTITY: Record<string, AuditEntity> = {
  SI: "sales_invoice",
  SC: "sales_invoice",
  SD: "sales_invoice",
  SA: "invoice_payment",
  SR: "invoice_payment",
  PI: "purchase_invoice",
  PC: "purchase_invoice",
  PP: "purchase_payment",
  PA: "purchase_payment",
  BR: "bank_transaction",
  BP: "bank_transaction",
  CR: "bank_transaction",
  CP: "bank_transaction",
  JC: "journal",
  JD: "journal",
};

export type AuditChange = {
  entity: AuditEntity;
  /** Invoice/purchase Number for documents and their payments; the bank transaction or journal id otherwise. */
  documentNumber: number;
  /** The payment line's Id for payments. */
  entityId: number | null;
  action: "upsert" | "delete";
  /** The latest audit TransactionNumber behind this change (for the cursor and ordering). */
  transactionNumber: number;
};

export type AuditCursor = {
  /** Highest TransactionNumber already handled; the report numbers entries ascending. */
  lastTransactionNumber: number;
  /** CreatedDate of that entry, to start the next query from. */
  lastCreatedAt: string | null;
};

/**
 * Folds audit rows into one change per document / payment (the last entry wins), skipping rows at or below the
 * cursor, and returns the advanced cursor. Unknown transaction types are returned separately, never dropped.
 */
export function summariseAudit(
  rows: Iterable<KfAuditRow>,
  cursor: AuditCursor,
): { changes: AuditChange[]; unknown: KfAuditRow[]; cursor: AuditCursor } {
  const latest = new Map<string, AuditChange>();
  const unknown: KfAuditRow[] = [];
  let next = cursor;
  for (const row of [...rows].sort((a, b) => a.TransactionNumber - b.TransactionNumber)) {
    if (row.TransactionNumber <= cursor.lastTransactionNumber) continue;
    if (row.TransactionNumber > next.lastTransactionNumber)
      next = { lastTransactionNumber: row.TransactionNumber, lastCreatedAt: row.CreatedDate ?? next.lastCreatedAt };
    const entity = TYPE_ENTITY[(row.TransactionType ?? "").toUpperCase()];
    if (!entity || row.EntityNumber == null) {
      unknown.push(row);
      continue;
    }
    const isPayment = entity === "invoice_payment" || entity === "purchase_payment";
    const entityId = isPayment ? (row.EntityId ?? null) : null;
    const key = `${entity}:${row.EntityNumber}:${entityId ?? ""}`;
    latest.set(key, {
      entity,
      documentNumber: row.EntityNumber,
      entityId,
      action: row.IsDeleted ? "delete" : "upsert",
      transactionNumber: row.TransactionNumber,
    });
  }
  const changes = [...latest.values()].sort((a, b) => a.transactionNumber - b.transactionNumber);
  return { changes, unknown, cursor: next };
}

/** Documents to re-read (upserts) or reverse (deletes) after payments are folded into their document. */
export function documentsToRefresh(changes: readonly AuditChange[]): {
  salesInvoices: { upsert: number[]; delete: number[] };
  purchaseInvoices: { upsert: number[]; delete: number[] };
} {
  const sales = new Map<number, "upsert" | "delete">();
  const purchases = new Map<number, "upsert" | "delete">();
  for (const c of changes) {
    const target =
      c.entity === "sales_invoice" || c.entity === "invoice_payment"
        ? sales
        : c.entity === "purchase_invoice" || c.entity === "purchase_payment"
          ? purchases
          : null;
    if (!target) continue;
    // A payment change means its document must be re-read, unless the document itself was deleted.
    const action = c.entity.endsWith("payment") ? "upsert" : c.action;
    if (c.entity.endsWith("payment") && target.get(c.documentNumber) === "delete") continue;
    target.set(c.documentNumber, action);
  }
  const split = (m: Map<number, "upsert" | "delete">) => ({
    upsert: [...m].filter(([, a]) => a === "upsert").map(([n]) => n),
    delete: [...m].filter(([, a]) => a === "delete").map(([n]) => n),
  });
  return { salesInvoices: split(sales), purchaseInvoices: split(purchases) };
}

/** key → hash for a sweep's records (keys trimmed and upper-cased by the caller's key function). */
export function hashesOf<T>(records: Iterable<T>, key: (r: T) => string, hash: (r: T) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of records) out.set(key(r), hash(r));
  return out;
}
