// What a flow is: the stages every document walks through, in order. Each flow module fills them in and reads
// top to bottom: detect → canonicalize → rules → validate → load → (record, done by the engine) → propagate.
import type { z } from "zod";
import type { ChangeTable } from "@/agent/src/protocol";
import type { KashflowClient } from "@/server/integrations/kashflow";
import type { Sage100Gateway } from "../gateways/sage100";
import type { WaitingOn } from "../ledger/waiting-on";
import type { ModelName, RecordWarning, SyncSystem } from "@/server/domain/model";
import type { SyncSettings } from "../settings";
import type { FlowRun } from "./flow-run";
import type { PlannedLinks } from "./planned-links";

/**
 * "live": the company went live, the flow may write to both systems. "preview": it is in set-up (or this is the
 * first-sync preview): the KashFlow client and the Sage 100 gateway refuse every write, and the engine stops before load.
 */
export type FlowMode = "live" | "preview";

export type FlowContext = {
  orgId: string;
  companyId: string;
  flowId: string;
  mode: FlowMode;
  now: Date;
  /** The company's time zone: a document's date is a day there (forward-dated documents wait for it). */
  timeZone: string;
  settings: SyncSettings;
  kashflow: () => Promise<KashflowClient>;
  sage100: Sage100Gateway;
  /** The first-sync preview only: links and holds it planned for records it has not written (engine/planned-links.ts). */
  planned?: PlannedLinks;
};

/**
 * Stops a record for a person: a plain-English reason and, where it applies, the field to fix. With `waitingOn` it
 * is no one's to fix: the record waits for that other record and goes by itself once it has synced (ledger/waiting-on.ts).
 */
export type Hold = { hold: true; code: string; message: string; field?: string; waitingOn?: WaitingOn };
export const hold = (code: string, message: string, field?: string): Hold => ({ hold: true, code, message, field });
export const isHold = (v: unknown): v is Hold => typeof v === "object" && v !== null && (v as Hold).hold === true;

export type RecordMeta = { id: string; externalId: string; counterpartId: string | null; deleted: boolean };

export type LoadResult = {
  counterpartId: string;
  request: unknown;
  response: unknown;
  /** The record as the target will show it when it comes back, canonical: recognised then as our own echo. */
  echo?: unknown;
  /** Deliberately nothing to write (e.g. a deletion of a record the target never had). */
  skipped?: string;
};

export type DetectSummary = {
  inserted: number;
  changed: number;
  unchanged: number;
  echoes: number;
  deleted?: number;
  complete: boolean;
};

export type FlowDefinition<C = unknown, P = unknown> = {
  id: string;
  label: string;
  model: ModelName;
  source: SyncSystem;
  target: SyncSystem;
  /** Reads the source and records what it saw in the ledger (unchanged records are never sent again). */
  detect(run: FlowRun): Promise<DetectSummary>;
  /** The stored payload must be a valid canonical record; a violation holds it with the field. */
  canonical: z.ZodType<C>;
  /**
   * The document's own date (issue date, payment date), for a flow of dated documents: with the company's
   * documents.futureDated "on_date", one dated after today in its time zone waits for that day before rules run.
   */
  documentDate?(record: C): string | null;
  /** Mappings, lookups, normalisation, conflict policy: the canonical record becomes the target's payload. */
  rules(run: FlowRun, record: C, meta: RecordMeta): Promise<{ plan: P; warnings: RecordWarning[] } | Hold>;
  /** The target's rules, checked before writing. */
  validate(run: FlowRun, plan: P, meta: RecordMeta): Promise<Hold | null>;
  /** The write, check-then-create with a deterministic key, so a retry finds what it already made. */
  load(run: FlowRun, plan: P, meta: RecordMeta): Promise<LoadResult>;
  /**
   * The writes of a whole batch at once (e.g. the invoices of a date in one agent command), one settled result per
   * item in order: one refused is that record's outcome alone. Without it, each record is loaded by `load`.
   */
  loadBatch?(
    run: FlowRun,
    items: readonly { plan: P; meta: RecordMeta }[],
  ): Promise<PromiseSettledResult<LoadResult>[]>;
  /** After a run: status back, totals, alerts. */
  propagate?(run: FlowRun): Promise<void>;
  /**
   * Sage 100 tables whose change batches this flow reads: a batch arriving wakes the flow at the runner's next tick
   * instead of its next scheduled poll (stock and "Paid" within seconds of the agent seeing the change).
   */
  wakeOn?: readonly ChangeTable[];
  /**
   * Records of one batch carried at once (default 1): planned side by side (and loaded so, without `loadBatch`).
   * Waiting on the target (the agent's queue, KashFlow) then overlaps; a flow that sets it keeps its own shared steps
   * (choosing new keys) one at a time with `run.serial`.
   */
  concurrency?: number;
  /**
   * Records claimed per load batch (default 50). A flow with `loadBatch` that writes many records per round trip
   * takes more, so the round trips per record fall and its writes can travel side by side.
   */
  batchSize?: number;
  /**
   * Loads may start while detect still reads (runners that call stages directly): a long first read and the writes
   * it feeds then overlap. Only for a flow whose loads need nothing from the rest of detect; an ending written for
   * content that changed meanwhile leaves the record due (ledger/outcomes.ts).
   */
  loadsDuringDetect?: boolean;
  /** What must hold before the run reads or writes anything (the agent there to answer); it throws why not. */
  preflight?: (run: FlowRun) => Promise<void>;
};
