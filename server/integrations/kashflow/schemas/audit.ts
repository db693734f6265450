// GET /reports/business/audit (§9): the only feed of edited and deleted documents and payments.
import type { z } from "zod";
import { kfBool, kfDateTime, kfDecimal, kfInt, kfObject, kfString, opt } from "./common";

export const auditRowSchema = kfObject(
  {
    CreatedDate: opt(kfDateTime),
    TransactionNumber: kfInt,
    /** Sage-style: SI/SC sales invoice/credit, PI/PC purchase, SR receipt, PP payment, BR/BP bank, JC/JD journal. */
    TransactionType: opt(kfString),
    /** For invoices and purchases this is the due date (§9). */
    Date: opt(kfDateTime),
    Reference: opt(kfString),
    Value: opt(kfDecimal),
    Narrative: opt(kfString),
    ChangeCount: opt(kfInt),
    FullName: opt(kfString),
    EntityNumber: opt(kfInt),
    EntityReferance: opt(kfString),
    Current: opt(kfBool),
    IsDeleted: opt(kfBool),
    EntityId: opt(kfInt),
    BankAccountId: opt(kfInt),
  },
  // "Referance" is KashFlow's spelling; accept the corrected one too.
  { EntityReference: "EntityReferance" },
);
export type KfAuditRow = z.infer<typeof auditRowSchema>;
