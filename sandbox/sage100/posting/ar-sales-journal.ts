// AR_SalesJournal_upd: posts the A/R invoice batch (spec §2.6; call sequence inferred from SO_SalesJournal_upd).
import { UpdateObject } from "../boi/update-object";
import type { ObjectContext } from "../boi/data-object";
import type { Stamp } from "../tables/company";
import type { Row } from "../tables/schema";
import { postGl, validateGl, type GlEntry } from "./gl";
import { applyArInvoice, planArInvoice, type ArInvoicePlan } from "./ar-posting";

export class ArSalesJournalUpd extends UpdateObject<ArInvoicePlan[]> {
  protected readonly batchKind = "AR_INVOICE" as const;
  protected readonly headerTable = "AR_InvoiceHeader";

  constructor(ctx: ObjectContext) {
    super(ctx, "AR_SalesJournal_upd");
  }

  protected collect(batchNo: string): Row[] {
    return this.company.t("AR_InvoiceHeader").lookup("KBATCH", [batchNo]);
  }

  protected describe(doc: Row): string {
    return `invoice ${String(doc.InvoiceNo)}`;
  }

  protected plan(docs: Row[], postingDate: string): ArInvoicePlan[] {
    const detail = this.company.t("AR_InvoiceDetail");
    const plans = docs.map((d) =>
      this.forDoc(d, () =>
        planArInvoice(this.company, d, detail.lookup("KHEADER", [d.InvoiceNo ?? "", d.InvoiceType ?? ""]), "A/R"),
      ),
    );
    const all: GlEntry[] = plans.flatMap((p) => p.gl);
    validateGl(this.company, all, postingDate);
    return plans;
  }

  protected apply(plans: ArInvoicePlan[], postingDate: string, stamp: Stamp): void {
    const detail = this.company.t("AR_InvoiceDetail");
    for (const p of plans) {
      applyArInvoice(this.company, p, postingDate, stamp, { BatchNo: String(p.header.BatchNo ?? "") });
      for (const l of p.lines) detail.deleteByPk(detail.keyOf(l));
      this.company.remove("AR_InvoiceHeader", [p.header.InvoiceNo ?? "", p.header.InvoiceType ?? ""]);
    }
    postGl(
      this.company,
      "SJ",
      postingDate,
      plans.flatMap((p) => p.gl),
      stamp,
      true,
    );
  }
}
