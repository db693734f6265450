// One Sage 100 company (MAS_<CO>): its tables, module options and next-number counters.
import { z } from "zod";
import { Table } from "./table";
import type { Row, TableSchema, Value } from "./schema";

export const BATCH_KINDS = {
  AR_INVOICE: { module: "A/R", batchType: "IN", label: "A/R invoices" },
  AR_CASH: { module: "A/R", batchType: "CR", label: "A/R cash receipts" },
  AP_INVOICE: { module: "A/P", batchType: "IN", label: "A/P invoices" },
  AP_CHECK: { module: "A/P", batchType: "MC", label: "A/P manual checks" },
  GL_JOURNAL: { module: "G/L", batchType: "GJ", label: "G/L general journal entries" },
  SO_INVOICE: { module: "S/O", batchType: "IN", label: "S/O invoices" },
} as const;
export type BatchKind = keyof typeof BATCH_KINDS;

export const companyOptionsSchema = z.object({
  /** Divisions on: ARDivisionNo/APDivisionNo other than "00" allowed (must exist in AR_Division/AP_Division). */
  divisionsEnabled: z.boolean(),
  /** Per-module "Batch Processing/Enable" options. */
  batchProcessing: z.object({
    AR_INVOICE: z.boolean(),
    AR_CASH: z.boolean(),
    AP_INVOICE: z.boolean(),
    AP_CHECK: z.boolean(),
    GL_JOURNAL: z.boolean(),
    SO_INVOICE: z.boolean(),
  }),
  /** G/L current fiscal year/period: earlier periods are closed. */
  currentFiscalYear: z.string().regex(/^\d{4}$/),
  currentPeriod: z.string().regex(/^\d{2}$/),
  /** "Restrict accounting date": only the current and next period accept postings. */
  restrictAccountingDate: z.boolean(),
  /** A/R "Require Deposit Amount": the deposit amount must equal its receipts before update. */
  requireDepositAmount: z.boolean(),
  defaultTermsCode: z.string(),
  defaultTaxSchedule: z.string(),
  defaultWarehouse: z.string(),
  defaultApTermsCode: z.string(),
});
export type CompanyOptions = z.infer<typeof companyOptionsSchema>;

/** Audit stamp applied to every write (spec §7.2). */
export interface Stamp {
  date: string;
  time: string;
  userKey: string;
}

export interface CompanyData {
  code: string;
  name: string;
  options: CompanyOptions;
  counters: Record<string, number>;
  tables: Record<string, Row[]>;
}

export class Company {
  readonly code: string;
  name: string;
  options: CompanyOptions;
  counters: Record<string, number>;
  private readonly tables = new Map<string, Table>();
  private readonly onChange: () => void;

  constructor(
    code: string,
    name: string,
    options: CompanyOptions,
    schemas: ReadonlyMap<string, TableSchema>,
    onChange: () => void,
  ) {
    this.code = code;
    this.name = name;
    this.options = options;
    this.counters = {};
    this.onChange = onChange;
    for (const [tableName, schema] of schemas) this.tables.set(tableName, new Table(schema));
  }

  /** Table by exact name (throws on unknown: a simulator bug, not a user error). */
  t(name: string): Table {
    const table = this.tables.get(name);
    if (!table) throw new Error(`Unknown table ${name}`);
    return table;
  }

  /** Case-insensitive table lookup for ODBC/HTTP callers. */
  findTable(name: string): Table | undefined {
    const lower = name.toLowerCase();
    for (const t of this.tables.values()) if (t.name.toLowerCase() === lower) return t;
    return undefined;
  }

  tableNames(): string[] {
    return [...this.tables.keys()];
  }

  /** Upsert with audit stamps: Created* kept from the stored row (or set on insert), Updated* on every write. */
  save(tableName: string, row: Row, stamp: Stamp): Row {
    const table = this.t(tableName);
    if (table.schema.audit) {
      const existing = table.getByPk(table.keyOf(row));
      row.DateCreated = existing ? (existing.DateCreated ?? stamp.date) : stamp.date;
      row.TimeCreated = existing ? (existing.TimeCreated ?? stamp.time) : stamp.time;
      row.UserCreatedKey = existing ? (existing.UserCreatedKey ?? stamp.userKey) : stamp.userKey;
      row.DateUpdated = stamp.date;
      row.TimeUpdated = stamp.time;
      row.UserUpdatedKey = stamp.userKey;
    }
    const stored = table.upsert(row);
    this.onChange();
    return stored;
  }

  remove(tableName: string, keyValues: readonly Value[]): boolean {
    const removed = this.t(tableName).delete(keyValues);
    if (removed) this.onChange();
    return removed;
  }

  /** Next value of a named counter (atomic: JS is single-threaded and BOI calls are synchronous). */
  nextCounter(name: string, start = 1): number {
    const next = this.counters[name] ?? start;
    this.counters[name] = next + 1;
    this.onChange();
    return next;
  }

  peekCounter(name: string, start = 1): number {
    return this.counters[name] ?? start;
  }

  toData(): CompanyData {
    const tables: Record<string, Row[]> = {};
    for (const [name, t] of this.tables) tables[name] = [...t.values()];
    return { code: this.code, name: this.name, options: this.options, counters: { ...this.counters }, tables };
  }

  loadData(data: CompanyData): void {
    this.name = data.name;
    this.options = companyOptionsSchema.parse(withManualCheckOption(data.options));
    this.counters = { ...data.counters };
    for (const t of this.tables.values()) t.clear();
    for (const [name, rows] of Object.entries(data.tables)) {
      const table = this.tables.get(name);
      if (!table) continue; // a table dropped from the layout: ignore old data
      for (const r of rows) table.upsert(r);
    }
  }
}

/** State files written before manual checks existed: their batch option follows A/P invoices'. */
function withManualCheckOption(options: unknown): unknown {
  const o = options as { batchProcessing?: Record<string, unknown> } | null;
  const b = o?.batchProcessing;
  if (!b || "AP_CHECK" in b) return options;
  return { ...o, batchProcessing: { ...b, AP_CHECK: b.AP_INVOICE } };
}
