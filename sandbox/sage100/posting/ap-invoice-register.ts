// AP_InvoiceRegister_upd: posts an A/P invoice batch -> AP_OpenInvoice, AP_InvoiceHistoryHeader/Detail, vendor
// balance, G/L (debit distributions, credit the division's A/P account).
import type { ObjectContext } from "../boi/data-object";
import { UpdateObject } from "../boi/update-object";
import { subAmounts, sumAmounts } from "../money";
import { nextHistorySeq } from "../objects/document-helpers";
import type { Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import { requireRef, requireVendor } from "../validation/lookups";
import { postGl, signed, validateGl, type GlEntry } from "./gl";

interface ApPlan {
  header: Row;
  lines: Row[];
  gl: GlEntry[];
}

export class ApInvoiceRegisterUpd extends UpdateObject<ApPlan[]> {
  protected readonly batchKind = "AP_INVOICE" as const;
  protected readonly headerTable = "AP_InvoiceHeader";

  constructor(ctx: ObjectContext) {
    super(ctx, "AP_InvoiceRegister_upd");
  }

  protected collect(batchNo: string): Row[] {
    return this.company.t("AP_InvoiceHeader").lookup("KBATCH", [batchNo]);
  }

  protected describe(doc: Row): string {
    return `invoice ${String(doc.VendorNo)}/${String(doc.InvoiceNo)}`;
  }

  protected plan(docs: Row[], postingDate: string): ApPlan[] {
    const detail = this.company.t("AP_InvoiceDetail");
    const plans = docs.map((h) =>
      this.forDoc(h, () => {
        requireVendor(this.company, String(h.APDivisionNo), String(h.VendorNo));
        const division = requireRef(this.company, "AP_Division", [h.APDivisionNo ?? ""], "APDivisionNo");
        const lines = detail.lookup("KHEADER", [h.APDivisionNo ?? "", h.VendorNo ?? "", h.InvoiceNo ?? ""]);
        const ref = `AP ${String(h.VendorNo)} ${String(h.InvoiceNo)}`.slice(0, 20);
        const gl: GlEntry[] = lines.map((l) =>
          signed(
            String(l.AccountKey),
            Number(l.DistributionAmt),
            String(l.CommentText || h.Comment || "A/P invoice"),
            ref,
          ),
        );
        gl.push(
          signed(
            String(division.APAccountKey),
            subAmounts(0, Number(h.InvoiceAmt)),
            `Invoice ${String(h.InvoiceNo)}`,
            ref,
          ),
        );
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

  protected apply(plans: ApPlan[], postingDate: string, stamp: Stamp): void {
    const c = this.company;
    for (const { header: h, lines } of plans) {
      const key: [string, string, string] = [
        String(h.APDivisionNo ?? ""),
        String(h.VendorNo ?? ""),
        String(h.InvoiceNo ?? ""),
      ];
      const seq = nextHistorySeq(c.t("AP_InvoiceHistoryHeader").lookup("KINVOICE", key));
      c.save(
        "AP_InvoiceHistoryHeader",
        {
          APDivisionNo: key[0],
          VendorNo: key[1],
          InvoiceNo: key[2],
          HeaderSeqNo: seq,
          InvoiceDate: h.InvoiceDate ?? "",
          InvoiceDueDate: h.InvoiceDueDate ?? "",
          PostingDate: postingDate,
          TermsCode: h.TermsCode ?? "",
          Comment: h.Comment ?? "",
          InvoiceAmt: h.InvoiceAmt ?? 0,
          BatchNo: h.BatchNo ?? "",
        },
        stamp,
      );
      lines.forEach((l, i) =>
        c.t("AP_InvoiceHistoryDetail").upsert({
          APDivisionNo: key[0],
          VendorNo: key[1],
          InvoiceNo: key[2],
          HeaderSeqNo: seq,
          DetailSeqNo: String(i + 1).padStart(6, "0"),
          AccountKey: l.AccountKey ?? "",
          CommentText: l.CommentText ?? "",
          DistributionAmt: l.DistributionAmt ?? 0,
        }),
      );
      c.save(
        "AP_OpenInvoice",
        {
          APDivisionNo: key[0],
          VendorNo: key[1],
          InvoiceNo: key[2],
          InvoiceDate: h.InvoiceDate ?? "",
          InvoiceDueDate: h.InvoiceDueDate ?? "",
          InvoiceDiscountDate: h.InvoiceDiscountDate ?? "",
          TermsCode: h.TermsCode ?? "",
          InvoiceAmt: h.InvoiceAmt ?? 0,
          Balance: h.InvoiceAmt ?? 0,
          HoldPayment: h.HoldPayment ?? "N",
          PostingDate: postingDate,
        },
        stamp,
      );
      const v = c.t("AP_Vendor").get([key[0], key[1]]);
      if (v)
        c.save(
          "AP_Vendor",
          { ...v, CurrentBalance: sumAmounts([Number(v.CurrentBalance), Number(h.InvoiceAmt)]) },
          stamp,
        );
      for (const l of lines) c.t("AP_InvoiceDetail").deleteByPk(c.t("AP_InvoiceDetail").keyOf(l));
      c.remove("AP_InvoiceHeader", key);
    }
    postGl(
      c,
      "PJ",
      postingDate,
      plans.flatMap((p) => p.gl),
      stamp,
      true,
    );
  }
}
