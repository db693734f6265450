// postBatch: runs a register's update object on one batch (data entry -> open items/history, G/L postings).
// A batch that is gone because an earlier delivery already posted it answers alreadyPosted instead of failing.
import { CommandRefusal } from "../drivers/boi-failure";
import type { PayloadOf, ResultOf } from "../protocol";
import { JOURNALS, postJournal } from "./batches";
import { code, firstRow, type CommandContext } from "./context";

async function batchIsOpen(ctx: CommandContext, journal: keyof typeof JOURNALS, batchNo: string): Promise<boolean> {
  const spec = JOURNALS[journal];
  return Boolean(
    await firstRow(
      ctx.odbc,
      "SELECT BatchNo FROM GL_CompanyActiveBatch WHERE ModuleCode = ? AND BatchType = ? AND BatchNo = ?",
      [spec.batchModule, spec.batchType, batchNo],
    ),
  );
}

async function postedEarlier(ctx: CommandContext, journal: keyof typeof JOURNALS, batchNo: string): Promise<boolean> {
  const history = JOURNALS[journal].history;
  // Cash receipts and check history keep no batch number: a re-delivery (attempt > 1) of a vanished batch was our own post.
  if (!history) return ctx.attempt > 1;
  return Boolean(
    await firstRow(ctx.odbc, `SELECT TOP 1 ${history.column} FROM ${history.table} WHERE ${history.column} = ?`, [
      batchNo,
    ]),
  );
}

export async function postBatch(ctx: CommandContext, p: PayloadOf<"postBatch">): Promise<ResultOf<"postBatch">> {
  const batchNo = p.batchNo ? code(p.batchNo).padStart(5, "0") : "";
  if (batchNo && !(await batchIsOpen(ctx, p.journal, batchNo))) {
    if (await postedEarlier(ctx, p.journal, batchNo))
      return { journal: p.journal, batchNo, posted: true, alreadyPosted: true };
    throw new CommandRefusal("NOT_FOUND", `Batch ${batchNo} does not exist in Sage 100.`, "batchNo");
  }
  postJournal(ctx, p.journal, batchNo, p.postingDate);
  return { journal: p.journal, batchNo, posted: true, alreadyPosted: false };
}
