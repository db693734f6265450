// Batches and posting: choose (or open) the batch a document goes into, and run a register's update object.
import type { BoiBatchDocument, BoiUpdate } from "../drivers/boi-types";
import { classifySageMessage } from "../errors/normalise";
import type { POSTING_JOURNALS } from "../protocol";
import { failFrom, newBoiObject, type BusObject } from "./boi-object";
import { sageDate, type CommandContext } from "./context";

type BatchSpec = { batchNo?: string; comment?: string; post: boolean; postingDate?: string };

/**
 * Selects the requested batch or opens a new public one; "" when the module has batch processing off (then
 * documents are entered without a batch and the register posts them all).
 */
export function selectBatch(
  bus: BusObject<BoiBatchDocument>,
  spec: BatchSpec,
  defaultComment: string,
  handle: CommandContext["handle"],
): string {
  const obj = bus.obj;
  const rc = spec.batchNo
    ? obj.nSelectBatch(spec.batchNo)
    : obj.nSelectNewBatch(handle.makeRef(""), "N", (spec.comment ?? defaultComment).slice(0, 30));
  if (rc === 0) {
    if (classifySageMessage(obj.sLastErrorMsg)?.id === "BATCH_NOT_ENABLED") return "";
    failFrom(obj, `${bus.name}.${spec.batchNo ? "nSelectBatch" : "nSelectNewBatch"}`, "batch.batchNo");
  }
  return String((obj as unknown as { sBatchNo?: string }).sBatchNo ?? spec.batchNo ?? "").trim();
}

export type PostingJournal = (typeof POSTING_JOURNALS)[number];

export const JOURNALS: Record<
  PostingJournal,
  {
    object: string;
    task: string;
    module: string;
    batchModule: string;
    batchType: string;
    history: { table: string; column: string } | null;
  }
> = {
  AR_SALES: {
    object: "AR_SalesJournal_upd",
    task: "AR_SalesJournal_ui",
    module: "A/R",
    batchModule: "A/R",
    batchType: "IN",
    history: { table: "AR_InvoiceHistoryHeader", column: "BatchNo" },
  },
  AR_CASH: {
    object: "AR_CashReceiptsJournal_upd",
    task: "AR_CashReceiptsJournal_ui",
    module: "A/R",
    batchModule: "A/R",
    batchType: "CR",
    history: null,
  },
  AP_INVOICE: {
    object: "AP_InvoiceRegister_upd",
    task: "AP_InvoiceRegister_ui",
    module: "A/P",
    batchModule: "A/P",
    batchType: "IN",
    history: { table: "AP_InvoiceHistoryHeader", column: "BatchNo" },
  },
  AP_CHECK: {
    object: "AP_ManualCheckRegister_upd",
    task: "AP_ManualCheckRegister_ui",
    module: "A/P",
    batchModule: "A/P",
    batchType: "MC",
    history: null,
  },
  GL_GENERAL: {
    object: "GL_GeneralJournal_upd",
    task: "GL_GeneralJournalUpdate_ui",
    module: "G/L",
    batchModule: "G/L",
    batchType: "GJ",
    history: { table: "GL_GeneralJournalHistory", column: "BatchNo" },
  },
};

/** Prints and updates a register (nSelectBatch, nSetPostingDate, nProcessReport, nUpdate): data entry -> history. */
export function postJournal(ctx: CommandContext, journal: PostingJournal, batchNo: string, postingDate: string): void {
  const spec = JOURNALS[journal];
  const date = sageDate(postingDate);
  const upd = newBoiObject<BoiUpdate>(ctx.handle, spec, date);
  try {
    if (batchNo && upd.nSelectBatch(batchNo) === 0) failFrom(upd, `${spec.object}.nSelectBatch`, "batchNo");
    if (upd.nSetPostingDate(date) === 0) failFrom(upd, `${spec.object}.nSetPostingDate`, "postingDate");
    if (upd.nProcessReport("PRINT") === 0) failFrom(upd, `${spec.object}.nProcessReport`);
    const rc = upd.nUpdate();
    if (rc === 0) failFrom(upd, `${spec.object}.nUpdate`);
    if (rc === -1 && upd.sLastErrorMsg) ctx.warnings.push(upd.sLastErrorMsg);
  } finally {
    try {
      upd.DropObject();
    } catch {
      // dead session: the pool discards it
    }
  }
}
