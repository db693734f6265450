// Run-time switchable faults (spec §7.5): forced record locks, batches in use, slow calls/writes, dead or
// exception-throwing sessions, licence exhaustion, period-end exclusive mode, slow ODBC.
import { z } from "zod";
import { sleepSync } from "./boi/sleep";
import type { Row } from "./tables/schema";

export const sessionFailureModeSchema = z.enum(["exception", "dead"]);
export type SessionFailureMode = z.infer<typeof sessionFailureModeSchema>;

export const faultSettingsSchema = z.object({
  /** nSetKey on a matching existing record returns 0 "in use" as if another user held it. */
  lockedRecords: z.array(
    z.object({ company: z.string().optional(), table: z.string(), match: z.record(z.string(), z.string()).optional() }),
  ),
  /** nSelectBatch / update objects fail with "batch in use" for matching batches. */
  batchesInUse: z.array(
    z.object({ company: z.string().optional(), module: z.string().optional(), batchNo: z.string().optional() }),
  ),
  /** Blocking delay added to every nWrite / nDelete / nUpdate. */
  slowWritesMs: z.number().min(0).max(60_000),
  /** Blocking delay added to every BOI call. */
  slowCallsMs: z.number().min(0).max(60_000),
  /** Every BOI call on every session throws (exception) or returns 0 with an empty message (dead). */
  sessionFailure: sessionFailureModeSchema.nullable(),
  /** After N more BOI calls, every open session dies with the given mode (new sessions work). */
  dropSessionsAfterCalls: z.object({ calls: z.number().int().min(0), mode: sessionFailureModeSchema }).nullable(),
  /** Overrides the licence seat count (0 = no licence available). */
  licenseSeats: z.number().int().min(0).nullable(),
  /** Companies in period-end exclusive mode: nSetCompany and writes fail. */
  exclusiveCompanies: z.array(z.string()),
  /** Blocking delay for every ODBC query. */
  odbcLatencyMs: z.number().min(0).max(60_000),
});
export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export const faultPatchSchema = faultSettingsSchema.partial();
export type FaultPatch = z.infer<typeof faultPatchSchema>;

export function defaultFaults(): FaultSettings {
  return {
    lockedRecords: [],
    batchesInUse: [],
    slowWritesMs: 0,
    slowCallsMs: 0,
    sessionFailure: null,
    dropSessionsAfterCalls: null,
    licenseSeats: null,
    exclusiveCompanies: [],
    odbcLatencyMs: 0,
  };
}

const sameCode = (a: string | undefined, b: string): boolean => a === undefined || a.toUpperCase() === b.toUpperCase();

export class FaultController {
  private current: FaultSettings = defaultFaults();
  private readonly killSessions: (mode: SessionFailureMode) => void;

  constructor(killSessions: (mode: SessionFailureMode) => void) {
    this.killSessions = killSessions;
  }

  get settings(): Readonly<FaultSettings> {
    return this.current;
  }

  update(patch: FaultPatch): FaultSettings {
    this.current = faultSettingsSchema.parse({ ...this.current, ...patch });
    return this.current;
  }

  reset(): FaultSettings {
    this.current = defaultFaults();
    return this.current;
  }

  /** Called once per BOI call: counts down a pending session drop and applies call latency. */
  onCall(): void {
    const pending = this.current.dropSessionsAfterCalls;
    if (pending) {
      if (pending.calls <= 0) {
        this.current = { ...this.current, dropSessionsAfterCalls: null };
        this.killSessions(pending.mode);
      } else {
        this.current = { ...this.current, dropSessionsAfterCalls: { ...pending, calls: pending.calls - 1 } };
      }
    }
    sleepSync(this.current.slowCallsMs);
  }

  onWrite(): void {
    sleepSync(this.current.slowWritesMs);
  }

  onOdbc(): void {
    sleepSync(this.current.odbcLatencyMs);
  }

  isRecordLocked(company: string, table: string, row: Row): boolean {
    return this.current.lockedRecords.some(
      (f) =>
        sameCode(f.company, company) &&
        f.table.toLowerCase() === table.toLowerCase() &&
        Object.entries(f.match ?? {}).every(([col, v]) => String(row[col] ?? "").toUpperCase() === v.toUpperCase()),
    );
  }

  isBatchInUse(company: string, module: string, batchNo: string): boolean {
    return this.current.batchesInUse.some(
      (f) =>
        sameCode(f.company, company) &&
        sameCode(f.module, module) &&
        (f.batchNo === undefined || f.batchNo.padStart(5, "0") === batchNo),
    );
  }

  isExclusive(company: string): boolean {
    return this.current.exclusiveCompanies.some((c) => c.toUpperCase() === company.toUpperCase());
  }
}
