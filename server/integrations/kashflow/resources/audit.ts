// The audit report (§9): created/edited/deleted entries between two moments, paged, ascending TX numbers.
import type { ClientCore } from "../client-core";
import { fetchPages, uniqueRecords } from "../paging";
import { auditRowSchema, type KfAuditRow } from "../schemas/audit";

export type AuditCategory =
  | "salesinvoices"
  | "salesinvoicepayments"
  | "purchaseinvoices"
  | "purchaseinvoicepayments"
  | "banktransactions"
  | "journal";

export type AuditQuery = {
  /** Inclusive bounds: a Date (sent as UTC "YYYY-MM-DD HH:mm:ss") or a KashFlow date string ("YYYY-MM-DD" = the whole day). */
  from: Date | string;
  to: Date | string;
  /** 2 = created/edited/deleted between (default), 1 = dated between. */
  basedOn?: 1 | 2;
  include?: Partial<Record<AuditCategory, boolean>>;
  includeDeleted?: boolean;
  perPage?: number;
};

const wire = (d: Date | string): string => (typeof d === "string" ? d : d.toISOString().slice(0, 19).replace("T", " "));

export function auditResource(core: ClientCore) {
  const pages = (q: AuditQuery) => {
    const include = q.include ?? {};
    const flag = (c: AuditCategory) => include[c] ?? true;
    return fetchPages(
      core,
      {
        path: "/reports/business/audit",
        query: {
          transactionbasedon: q.basedOn ?? 2,
          startdate: wire(q.from),
          enddate: wire(q.to),
          includesalesinvoices: flag("salesinvoices"),
          includesalesinvoicepayments: flag("salesinvoicepayments"),
          includepurchaseinvoices: flag("purchaseinvoices"),
          includepurchaseinvoicepayments: flag("purchaseinvoicepayments"),
          includebanktransactions: flag("banktransactions"),
          includejournal: flag("journal"),
          includedeleteditems: q.includeDeleted ?? true,
          // Ascending TransactionNumber, so the cursor only moves forward.
          sortby: 2,
          order: "asc",
        },
        subject: "the audit trail",
        rowLabel: "an audit entry",
        perPage: q.perPage,
      },
      auditRowSchema,
    );
  };
  return {
    pages,
    /** Every audit entry in range once (deduped by TransactionNumber). */
    rows: (q: AuditQuery): AsyncGenerator<KfAuditRow> => uniqueRecords(pages(q), (r) => String(r.TransactionNumber)),
  };
}
