// AP_ManualCheckRegister_upd (named in the 4.40 layouts): posts a manual check batch. Each check pays its invoices
// (AP_OpenInvoice.Balance lowered by paid + discount), lowers the vendor's balance, is kept in AP_CheckHistoryHeader/
// Detail (CheckType M) and posts to the G/L: debit the division's A/P account, credit the bank's cash account,
// discounts credited to the division's discount account, G/L lines debited (or credited when negative) as entered.
import type { ObjectContext } from "../boi/data-object";
import { fail } from "../boi/errors";
import { UpdateObject } from "../boi/update-object";
import { sameAmount, subAmounts, sumAmounts } from "../money";
import { nextHistorySeq } from "../objects/document-helpers";
import type { Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import { requireRef } from "../validation/lookups";
import { postGl, signed, validateGl, type GlEntry } from "./gl";

interface CheckPlan {
  header: Row;
  lines: Row[];
  gl: GlEntry[];
}

/** The G/L source journal of the register (inferred). */
const SOURCE_JOURNAL = "MC";
const neg = (a: number): number => subAmounts(0, a);
/** The HeaderSeqNo of the invoice's latest posting ("" when it has no history). */
const latestSeq = (rows: readonly Row[]): string =>
  rows
    .map((r) => String(r.HeaderSeqNo))
    .sort()
    .at(-1) ?? "";

export class ApManualCheckRegisterUpd extends UpdateObject<CheckPlan[]> {
  protected readonly batchKind = "AP_CHECK" as const;
  protected readonly headerTable = "AP_ManualCheckHeader";

  constructor(ctx: ObjectContext) {
    super(ctx, "AP_ManualCheckRegister_upd");
  }

  protected collect(batchNo: string): Row[] {
    return this.company.t("AP_ManualCheckHeader").lookup("KBATCH", [batchNo]);
  }

  protected describe(doc: Row): string {
    return `check ${String(doc.BankCode)}-${String(doc.CheckNo)}`;
  }

  protected plan(docs: Row[], postingDate: string): CheckPlan[] {
    const detail = this.company.t("AP_ManualCheckDetail");
    // Several checks of one batch may pay the same invoice: what each takes is counted against the balance once.
    const taken = new Map<string, number>();
    const plans = docs.map((h) =>
      this.forDoc(h, () => {
        const division = requireRef(this.company, "AP_Division", [h.APDivisionNo ?? ""], "APDivisionNo");
        const bank = requireRef(this.company, "GL_BankCode", [h.BankCode ?? ""], "BankCode");
        const lines = detail.lookup("KHEADER", [h.BankCode ?? "", h.CheckNo ?? ""]);
        const paid = sumAmounts(lines.map((l) => Number(l.AmountPaid)));
        if (!sameAmount(paid, Number(h.CheckAmt))) fail("DISTRIBUTION_OUT_OF_BALANCE");
        const ref = `Check ${String(h.CheckNo)}`;
        const gl: GlEntry[] = [
          signed(String(bank.CashAcctKey), neg(Number(h.CheckAmt)), `${String(h.VendorNo)} check`, ref),
        ];
        for (const l of lines) {
          if (!l.InvoiceNo) {
            gl.push(
              signed(
                String(l.AccountKey),
                Number(l.AmountPaid),
                String(l.CommentText || h.Comment || "Manual check"),
                ref,
              ),
            );
            continue;
          }
          const key = [h.APDivisionNo ?? "", h.VendorNo ?? "", l.InvoiceNo];
          const open = this.company.t("AP_OpenInvoice").get(key);
          const both = sumAmounts([Number(l.AmountPaid), Number(l.DiscountAmt)]);
          const k = key.join("\u0000");
          const after = sumAmounts([taken.get(k) ?? 0, both]);
          if (!open || (Number(open.Balance) > 0 && after > Number(open.Balance)))
            fail("AP_AMOUNT_EXCEEDS_BALANCE", { invoice: String(l.InvoiceNo) });
          taken.set(k, after);
          gl.push(signed(String(division.APAccountKey), both, `Invoice ${String(l.InvoiceNo)}`, ref));
          if (Number(l.DiscountAmt) !== 0)
            gl.push(
              signed(
                String(division.DiscountAcctKey),
                neg(Number(l.DiscountAmt)),
                `Discount ${String(l.InvoiceNo)}`,
                ref,
              ),
            );
        }
        return { header: h, lines, gl };
      }),
    );
    validateGl(
      this.company,
      plans.flatMap((p) => p.gl),
      postingDate,
    );
    return plans;
  }

  protected apply(plans: CheckPlan[], postingDate: string, stamp: Stamp): void {
    const c = this.company;
    const registerNo = postGl(
      c,
      SOURCE_JOURNAL,
      postingDate,
      plans.flatMap((p) => p.gl),
      stamp,
      true,
    );
    for (const { header: h, lines } of plans) {
      const bankCheck: [string, string] = [String(h.BankCode ?? ""), String(h.CheckNo ?? "")];
      const seq = nextHistorySeq(c.t("AP_CheckHistoryHeader").lookup("KCHECK", bankCheck), "CheckSeqNo");
      c.save(
        "AP_CheckHistoryHeader",
        {
          BankCode: bankCheck[0],
          CheckNo: bankCheck[1],
          CheckSeqNo: seq,
          CheckType: "M",
          CheckDate: h.CheckDate ?? "",
          TransactionDate: postingDate,
          APDivisionNo: h.APDivisionNo ?? "",
          VendorNo: h.VendorNo ?? "",
          VendorName: h.VendorName ?? "",
          CheckAmt: h.CheckAmt ?? 0,
          CheckComment: h.Comment ?? "",
          SourceJournal: SOURCE_JOURNAL,
          SourceJournalBatchNo: registerNo,
        },
        stamp,
      );
      let invoicesPaid = 0;
      lines.forEach((l, i) => {
        let invoiceSeq = "";
        if (l.InvoiceNo) {
          const key = [String(h.APDivisionNo ?? ""), String(h.VendorNo ?? ""), String(l.InvoiceNo)];
          const both = sumAmounts([Number(l.AmountPaid), Number(l.DiscountAmt)]);
          const open = c.t("AP_OpenInvoice").get(key);
          if (open) c.save("AP_OpenInvoice", { ...open, Balance: subAmounts(Number(open.Balance), both) }, stamp);
          invoiceSeq = latestSeq(c.t("AP_InvoiceHistoryHeader").lookup("KINVOICE", key));
          invoicesPaid = sumAmounts([invoicesPaid, both]);
        }
        c.t("AP_CheckHistoryDetail").upsert({
          BankCode: bankCheck[0],
          CheckNo: bankCheck[1],
          CheckSeqNo: seq,
          DetailSeqNo: String(i + 1).padStart(6, "0"),
          APDivisionNo: h.APDivisionNo ?? "",
          VendorNo: h.VendorNo ?? "",
          InvoiceNo: l.InvoiceNo ?? "",
          InvoiceSeqNo: invoiceSeq,
          InvoiceDate: l.InvoiceDate ?? "",
          AmountPaid: l.AmountPaid ?? 0,
          DiscountAmt: l.DiscountAmt ?? 0,
          AccountKey: l.AccountKey ?? "",
          Comment: l.CommentText ?? "",
        });
        c.t("AP_ManualCheckDetail").deleteByPk(c.t("AP_ManualCheckDetail").keyOf(l));
      });
      const v = c.t("AP_Vendor").get([h.APDivisionNo ?? "", h.VendorNo ?? ""]);
      if (v)
        c.save(
          "AP_Vendor",
          {
            ...v,
            CurrentBalance: subAmounts(Number(v.CurrentBalance), invoicesPaid),
            DateLastPayment: h.CheckDate ?? "",
          },
          stamp,
        );
      c.remove("AP_ManualCheckHeader", bankCheck);
    }
  }
}
