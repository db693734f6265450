// Data-entry business objects that live in batches: nSelectBatch / nSelectNewBatch(ByRef no, private, comment).
// With the module's batch processing on, nSetKey is refused until a batch is selected (spec §7.4, inferred).
import { BATCH_KINDS, type BatchKind } from "../tables/company";
import type { Row } from "../tables/schema";
import { batchEnabled, batchLockKey, checkBatchAccess, createBatch, normBatchNo } from "./batches";
import { BusinessObject } from "./business-object";
import { setRef } from "./by-ref";
import { fail } from "./errors";

export abstract class BatchEntryObject extends BusinessObject {
  protected abstract readonly batchKind: BatchKind;
  protected selectedBatch = "";

  private holdBatch(batchNo: string): void {
    if (this.selectedBatch)
      this.sim.locks.batches.release(batchLockKey(this.company, this.batchKind, this.selectedBatch), this.id);
    this.sim.locks.batches.acquire(batchLockKey(this.company, this.batchKind, batchNo), this.session.id, this.id);
    this.selectedBatch = batchNo;
  }

  nSelectBatch(batchNo: unknown): number {
    if (!batchEnabled(this.company, this.batchKind))
      fail("BATCH_NOT_ENABLED", { what: BATCH_KINDS[this.batchKind].label });
    const no = normBatchNo(batchNo);
    checkBatchAccess(this.sim, this.company, this.batchKind, no, this.session.id, this.user);
    this.abandon();
    this.holdBatch(no);
    return 1;
  }

  nSelectNewBatch(batchNoRef?: unknown, privateBatch?: unknown, comment?: unknown): number {
    if (!batchEnabled(this.company, this.batchKind))
      fail("BATCH_NOT_ENABLED", { what: BATCH_KINDS[this.batchKind].label });
    const no = createBatch(
      this.company,
      this.batchKind,
      String(privateBatch ?? "N").toUpperCase() === "Y",
      String(comment ?? ""),
      this.stampNow(),
    );
    this.abandon();
    this.holdBatch(no);
    setRef(batchNoRef, no);
    return 1;
  }

  get sBatchNo(): string {
    return this.selectedBatch;
  }

  /** Batch number for a new document ("" when batch processing is off); fails when none is selected. */
  protected requireBatch(what: string): string {
    if (!batchEnabled(this.company, this.batchKind)) return "";
    if (!this.selectedBatch) fail("BATCH_REQUIRED", { what });
    return this.selectedBatch;
  }

  /** An existing document must belong to the selected batch. */
  protected checkSameBatch(existing: Row, what: string): void {
    if (!batchEnabled(this.company, this.batchKind)) return;
    const b = String(existing.BatchNo ?? "");
    if (b !== this.selectedBatch) fail("BATCH_MISMATCH", { what, batch: b, selected: this.selectedBatch });
  }
}
