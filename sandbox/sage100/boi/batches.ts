// Batch control (spec §1.4, §7.4): 5-digit numbers from a per-module counter, private batches, "in use" while any
// other session has the batch selected, deleted by the update (posting) object.
import { BATCH_KINDS, type BatchKind, type Company, type Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import type { SimCore } from "./context";
import { fail } from "./errors";
import { LockManager } from "./locks";
import type { SimUser } from "./users";

export function normBatchNo(v: unknown): string {
  const s = String(v ?? "")
    .trim()
    .toUpperCase();
  return /^\d+$/.test(s) && s.length < 5 ? s.padStart(5, "0") : s;
}

export function batchEnabled(company: Company, kind: BatchKind): boolean {
  return company.options.batchProcessing[kind];
}

export function findBatch(company: Company, kind: BatchKind, batchNo: string): Row | undefined {
  const k = BATCH_KINDS[kind];
  return company.t("GL_CompanyActiveBatch").get([k.module, k.batchType, batchNo]);
}

export function batchLockKey(company: Company, kind: BatchKind, batchNo: string): string {
  const k = BATCH_KINDS[kind];
  return LockManager.batchKey(company.code, k.module, k.batchType, batchNo);
}

export function createBatch(
  company: Company,
  kind: BatchKind,
  privateFlag: boolean,
  comment: string,
  stamp: Stamp,
): string {
  const k = BATCH_KINDS[kind];
  let no: string;
  do no = String(company.nextCounter(`Batch:${k.module}:${k.batchType}`)).padStart(5, "0");
  while (findBatch(company, kind, no));
  company.save(
    "GL_CompanyActiveBatch",
    {
      ModuleCode: k.module,
      BatchType: k.batchType,
      BatchNo: no,
      PrivateBatch: privateFlag ? "Y" : "N",
      Comment: comment.slice(0, 30),
      BatchStatus: "O",
    },
    stamp,
  );
  return no;
}

export function deleteBatch(company: Company, kind: BatchKind, batchNo: string): void {
  const k = BATCH_KINDS[kind];
  company.remove("GL_CompanyActiveBatch", [k.module, k.batchType, batchNo]);
}

/** Fails when the batch does not exist, is another user's private batch, or is in use by another session. */
export function checkBatchAccess(
  sim: SimCore,
  company: Company,
  kind: BatchKind,
  batchNo: string,
  sessionId: number,
  user: SimUser,
): void {
  const batch = findBatch(company, kind, batchNo);
  if (!batch) fail("BATCH_NOT_FOUND", { batch: batchNo });
  if (batch.PrivateBatch === "Y" && batch.UserCreatedKey !== user.key) fail("BATCH_PRIVATE", { batch: batchNo });
  if (sim.faults.isBatchInUse(company.code, BATCH_KINDS[kind].module, batchNo))
    fail("BATCH_IN_USE", { batch: batchNo });
  if (sim.locks.batches.heldByOther(batchLockKey(company, kind, batchNo), sessionId))
    fail("BATCH_IN_USE", { batch: batchNo });
}
