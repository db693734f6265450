// Update (posting) objects (*_upd): nSelectBatch (exclusive), nSetPostingDate, nProcessReport("PRINT"), nUpdate
// posts every document of the batch atomically (plan first, then apply) and deletes the batch; nCloseBatch.
import { isValidSageDate } from "../clock";
import { BATCH_KINDS, type BatchKind, type Company, type Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import type { SimUser } from "./users";
import { checkPostingDate } from "../validation/periods";
import { batchEnabled, batchLockKey, checkBatchAccess, deleteBatch, normBatchNo } from "./batches";
import { ComBase } from "./com-object";
import type { SessionHandle } from "./context";
import type { ObjectContext } from "./data-object";
import { BoiFailure, fail } from "./errors";
import { LockManager } from "./locks";
import type { SySession } from "./session";

const DESTINATIONS = ["PRINT", "PREVIEW", "DEFERRED", "EXPORT", "PHYSICAL"];

export abstract class UpdateObject<Plan> extends ComBase {
  readonly objectName: string;
  protected readonly session: SySession;
  protected readonly company: Company;
  protected readonly user: SimUser;
  protected abstract readonly batchKind: BatchKind;
  /** Entry header table whose records are posted (for lock checks). */
  protected abstract readonly headerTable: string;
  private selectedBatch: string | null = null;
  private postingDate = "";
  private printed = false;

  constructor(ctx: ObjectContext, objectName: string) {
    super(ctx.session.sim);
    this.objectName = objectName;
    this.session = ctx.session;
    this.company = ctx.company;
    this.user = ctx.user;
    ctx.session.adopt(this);
  }

  owningSession(): SessionHandle {
    return this.session;
  }

  releaseResources(): void {
    this.sim.locks.releaseObject(this.id);
    this.session.forget(this);
  }

  /** Documents (entry headers) to post for a batch ("" = batch processing off). */
  protected abstract collect(batchNo: string): Row[];
  /** Validates everything and computes the writes; throws BoiFailure without touching data. */
  protected abstract plan(docs: Row[], postingDate: string): Plan;
  /** Applies a plan (cannot fail for data reasons). */
  protected abstract apply(plan: Plan, postingDate: string, stamp: Stamp): void;
  /** Human name of a document for error messages. */
  protected abstract describe(doc: Row): string;

  nSelectBatch(batchNo: unknown): number {
    if (!batchEnabled(this.company, this.batchKind))
      fail("BATCH_NOT_ENABLED", { what: BATCH_KINDS[this.batchKind].label });
    const no = normBatchNo(batchNo);
    checkBatchAccess(this.sim, this.company, this.batchKind, no, this.session.id, this.user);
    this.nCloseBatch();
    this.sim.locks.batches.acquire(batchLockKey(this.company, this.batchKind, no), this.session.id, this.id);
    this.selectedBatch = no;
    this.printed = false;
    return 1;
  }

  nCloseBatch(_batchNo?: unknown): number {
    if (this.selectedBatch)
      this.sim.locks.batches.release(batchLockKey(this.company, this.batchKind, this.selectedBatch), this.id);
    this.selectedBatch = null;
    return 1;
  }

  nSetPostingDate(date: unknown): number {
    const d = String(date ?? "").trim();
    if (!isValidSageDate(d)) fail("INVALID_DATE", { column: "PostingDate" });
    checkPostingDate(this.company, d);
    this.postingDate = d;
    return 1;
  }

  /** Prints (or defers) the register; required before nUpdate. */
  nProcessReport(destination?: unknown): number {
    const dest = String(destination ?? "PRINT").toUpperCase();
    if (!DESTINATIONS.includes(dest)) fail("INVALID_DESTINATION", { destination: dest });
    this.printed = true;
    return 1;
  }

  nUpdate(): number {
    if (this.sim.faults.isExclusive(this.company.code)) fail("EXCLUSIVE_MODE", { company: this.company.code });
    this.sim.faults.onWrite();
    const batching = batchEnabled(this.company, this.batchKind);
    if (batching && !this.selectedBatch) fail("BATCH_REQUIRED", { what: "the update" });
    const batchNo = batching ? (this.selectedBatch ?? "") : "";
    if (batching && this.sim.faults.isBatchInUse(this.company.code, BATCH_KINDS[this.batchKind].module, batchNo))
      fail("BATCH_IN_USE", { batch: batchNo });
    if (!this.printed) fail("NOT_PRINTED");
    const postingDate = this.postingDate || this.session.moduleDateFor(BATCH_KINDS[this.batchKind].module);
    checkPostingDate(this.company, postingDate);
    const docs = this.collect(batchNo);
    if (docs.length === 0) fail("NOTHING_TO_UPDATE");
    const headers = this.company.t(this.headerTable);
    for (const doc of docs) {
      const key = LockManager.recordKey(this.company.code, this.headerTable, headers.keyOf(doc));
      if (this.sim.locks.records.heldByOther(key, this.session.id))
        fail("POSTING_FAILED", { document: this.describe(doc), reason: "the record is in use by another user." });
    }
    const plan = this.plan(docs, postingDate);
    this.apply(plan, postingDate, this.sim.stamp(this.user.key));
    if (batching) {
      deleteBatch(this.company, this.batchKind, batchNo);
      this.nCloseBatch();
    }
    this.printed = false;
    return 1;
  }

  /** Wraps a per-document failure so the message names the document. */
  protected forDoc<T>(doc: Row, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof BoiFailure) fail("POSTING_FAILED", { document: this.describe(doc), reason: err.message });
      throw err;
    }
  }
}
