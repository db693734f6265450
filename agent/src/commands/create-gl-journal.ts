// createGlJournal: a balanced general journal entry (GL_GeneralJournal_bus, spec §2.9), optionally posted with
// GL_GeneralJournal_upd. Entry numbers come from Sage, so the idempotency anchor is the reference, stored as the
// entry's JournalComment and looked up in pending entries and journal history before entering.
import type { BoiBatchDocument } from "../drivers/boi-types";
import type { PayloadOf, ResultOf } from "../protocol";
import { withBusObject } from "./boi-object";
import { postJournal, selectBatch } from "./batches";
import { firstRow, num, sageDate, type CommandContext } from "./context";

type Payload = PayloadOf<"createGlJournal">;

async function findExisting(ctx: CommandContext, sourceJournal: string, reference: string) {
  const pending = await firstRow(
    ctx.odbc,
    "SELECT EntryNo, BatchNo FROM GL_GeneralJournalHeader WHERE SourceJournal = ? AND JournalComment = ?",
    [sourceJournal, reference],
  );
  if (pending)
    return { state: "pending" as const, entryNo: String(pending.EntryNo), batchNo: String(pending.BatchNo ?? "") };
  const posted = await firstRow(
    ctx.odbc,
    "SELECT EntryNo, BatchNo FROM GL_GeneralJournalHistory WHERE SourceJournal = ? AND JournalComment = ?",
    [sourceJournal, reference],
  );
  return posted
    ? { state: "posted" as const, entryNo: String(posted.EntryNo), batchNo: String(posted.BatchNo ?? "") }
    : null;
}

export async function createGlJournal(ctx: CommandContext, p: Payload): Promise<ResultOf<"createGlJournal">> {
  const reference = p.reference.trim();
  const existing = await findExisting(ctx, p.sourceJournal, reference);
  if (existing) {
    if (existing.state === "pending" && p.batch.post)
      postJournal(ctx, "GL_GENERAL", existing.batchNo, p.batch.postingDate ?? p.postingDate);
    return {
      sourceJournal: p.sourceJournal,
      entryNo: existing.entryNo,
      batchNo: existing.batchNo,
      created: false,
      state: existing.state === "pending" && p.batch.post ? "posted" : existing.state,
    };
  }
  const written = await withBusObject<BoiBatchDocument, { entryNo: string; batchNo: string }>(
    ctx.handle,
    { object: "GL_GeneralJournal_bus", task: "GL_GeneralJournal_ui", module: "G/L" },
    sageDate(p.postingDate),
    ctx.warnings,
    (bus) => {
      const batchNo = selectBatch(bus, p.batch, "Ledgerlink journals", ctx.handle);
      const entryNo = bus.nextNumber("nGetNextEntryNo");
      bus.keyValue("SourceJournal$", p.sourceJournal, "sourceJournal");
      bus.keyValue("EntryNo$", entryNo);
      bus.setKey(undefined, "reference");
      bus.set("JournalComment$", reference, "reference");
      bus.set("PostingDate$", sageDate(p.postingDate), "postingDate");
      const lines = bus.lines();
      p.lines.forEach((l, i) => {
        lines.add();
        lines.set("AccountKey$", l.account, `lines.${i}.account`);
        lines.set("DebitAmount", l.debit === undefined ? 0 : num(l.debit), `lines.${i}.debit`);
        lines.set("CreditAmount", l.credit === undefined ? 0 : num(l.credit), `lines.${i}.credit`);
        lines.setIf("PostingComment$", l.comment, `lines.${i}.comment`);
        lines.write(`lines.${i}.account`);
      });
      bus.write();
      return { entryNo, batchNo };
    },
  );
  if (p.batch.post) postJournal(ctx, "GL_GENERAL", written.batchNo, p.batch.postingDate ?? p.postingDate);
  return {
    sourceJournal: p.sourceJournal,
    entryNo: written.entryNo,
    batchNo: written.batchNo,
    created: true,
    state: p.batch.post ? "posted" : "pending",
  };
}
