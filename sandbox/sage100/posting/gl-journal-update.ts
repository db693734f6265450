// GL_GeneralJournal_upd (name inferred): posts a journal batch into GL_DetailPosting at each entry's own posting
// date and records GL_GeneralJournalHistory. Unbalanced entries cannot be posted.
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import { UpdateObject } from "../boi/update-object";
import { sameAmount, sumAmounts } from "../money";
import type { Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import { postGl, validateGl, type GlEntry } from "./gl";

interface JournalPlan {
  header: Row;
  lines: Row[];
  gl: GlEntry[];
}

export class GlGeneralJournalUpd extends UpdateObject<JournalPlan[]> {
  protected readonly batchKind = "GL_JOURNAL" as const;
  protected readonly headerTable = "GL_GeneralJournalHeader";

  constructor(ctx: ObjectContext) {
    super(ctx, "GL_GeneralJournal_upd");
  }

  protected collect(batchNo: string): Row[] {
    return this.company.t("GL_GeneralJournalHeader").lookup("KBATCH", [batchNo]);
  }

  protected describe(doc: Row): string {
    return `entry ${String(doc.SourceJournal)}-${String(doc.EntryNo)}`;
  }

  protected plan(docs: Row[]): JournalPlan[] {
    const detail = this.company.t("GL_GeneralJournalDetail");
    return docs.map((h) =>
      this.forDoc(h, () => {
        const lines = detail.lookup("KHEADER", [h.SourceJournal ?? "", h.EntryNo ?? ""]);
        const gl: GlEntry[] = lines.map((l) => ({
          accountKey: String(l.AccountKey),
          debit: Number(l.DebitAmount),
          credit: Number(l.CreditAmount),
          comment: String(l.PostingComment || h.JournalComment || ""),
          reference: `${String(h.SourceJournal)}-${String(h.EntryNo)}`,
        }));
        if (!sameAmount(sumAmounts(gl.map((e) => e.debit)), sumAmounts(gl.map((e) => e.credit))))
          fail("JOURNAL_OUT_OF_BALANCE");
        validateGl(this.company, gl, String(h.PostingDate));
        return { header: h, lines, gl };
      }),
    );
  }

  protected apply(plans: JournalPlan[], _postingDate: string, stamp: Stamp): void {
    const c = this.company;
    for (const { header: h, lines, gl } of plans) {
      const register = postGl(c, String(h.SourceJournal), String(h.PostingDate), gl, stamp, true);
      c.save(
        "GL_GeneralJournalHistory",
        {
          SourceJournal: h.SourceJournal ?? "",
          EntryNo: h.EntryNo ?? "",
          PostingDate: h.PostingDate ?? "",
          JournalComment: h.JournalComment ?? "",
          JournalRegisterNo: register,
          BatchNo: h.BatchNo ?? "",
          DebitAmount: sumAmounts(gl.map((e) => e.debit)),
          CreditAmount: sumAmounts(gl.map((e) => e.credit)),
        },
        stamp,
      );
      for (const l of lines) c.t("GL_GeneralJournalDetail").deleteByPk(c.t("GL_GeneralJournalDetail").keyOf(l));
      c.remove("GL_GeneralJournalHeader", [h.SourceJournal ?? "", h.EntryNo ?? ""]);
    }
  }
}
