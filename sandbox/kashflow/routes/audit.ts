// GET /reports/business/audit (§9): the change log as KashFlow's audit-trail report. [SWG + UI docs;
// not live-verified — treat shapes as the spec's best reading.]
import type { Hono } from "hono";
import { queryAudit, type AuditQuery } from "../domain/audit";
import { badRequest, notFound } from "../errors";
import { dec4, money } from "../format";
import { intParam, Query, scope, send, type SandboxEnv } from "../http";
import { byNum, byStr, envelope, sortRows } from "../paging";
import type { Books } from "../store/books";
import type { SandboxStore } from "../store/store";
import type { AuditEntry } from "../store/types";
import { listKey } from "./common";

export function auditView(books: Books, e: AuditEntry): Record<string, unknown> {
  return {
    CreatedDate: e.CreatedDate,
    TransactionNumber: e.TransactionNumber,
    TransactionType: e.TransactionType,
    Date: e.Date,
    Reference: e.Reference,
    Value: money(e.Value),
    Narrative: e.Narrative,
    Vat: e.Vat.map((v) => ({
      IsExempt: v.IsExempt,
      Rate: dec4(v.Rate),
      Input: money(v.Input),
      Output: money(v.Output),
    })),
    Nominal: e.Nominal,
    ChangeCount: e.ChangeIndex,
    FullName: e.FullName,
    EntityNumber: e.EntityNumber,
    EntityReferance: e.EntityReferance,
    Current: !e.IsDeleted && books.auditLatest.get(e.EntityKey)?.tx === e.TransactionNumber,
    IsDeleted: e.IsDeleted,
    EntityId: e.EntityId,
    BankAccountId: e.BankAccountId,
  };
}

const SORT_NAMES = [
  "createddate",
  "date",
  "transactionnumber",
  "type",
  "reference",
  "value",
  "narrative",
  "taxrate",
  "inputtax",
  "outputtax",
  "nominalcode",
  "changes",
  "username",
  "entitynumber",
];

export function registerAuditRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.get("/reports/business/audit", (c) => {
    const s = scope(c, store);
    const q = Query.of(c);
    const basedOn = q.int("transactionbasedon", q.has("transactionnumber") ? 0 : 1);
    if (basedOn !== 0 && basedOn !== 1 && basedOn !== 2) throw badRequest("transactionbasedon must be 0, 1 or 2.");
    const query: AuditQuery = {
      basedOn,
      transactionNumber: q.int("transactionnumber"),
      start: q.dateOrStamp("startdate"),
      end: q.dateOrStamp("enddate"),
      include: {
        salesinvoices: q.bool("includesalesinvoices", true),
        salesinvoicepayments: q.bool("includesalesinvoicepayments", true),
        purchaseinvoices: q.bool("includepurchaseinvoices", true),
        purchaseinvoicepayments: q.bool("includepurchaseinvoicepayments", true),
        banktransactions: q.bool("includebanktransactions", true),
        journal: q.bool("includejournal", true),
      },
      includeDeleted: q.bool("includedeleteditems", true),
      userName: q.str("username"),
    };
    if (basedOn === 0 && query.transactionNumber === null)
      throw badRequest("transactionnumber is required when transactionbasedon is 0.");
    const { rows, total } = s.books.cached(listKey("audit", c.req.url), () => {
      const found = queryAudit(s.books, query);
      const keys: Record<string, (a: AuditEntry, b: AuditEntry) => number> = {
        createddate: byStr((e) => e.CreatedDate),
        date: byStr((e) => e.Date),
        transactionnumber: byNum((e) => e.TransactionNumber),
        type: byStr((e) => e.TransactionType),
        reference: byStr((e) => e.Reference),
        value: byNum((e) => e.Value),
        narrative: byStr((e) => e.Narrative),
        taxrate: byNum((e) => e.Vat[0]?.Rate ?? 0),
        inputtax: byNum((e) => e.Vat.reduce((t, v) => t + v.Input, 0)),
        outputtax: byNum((e) => e.Vat.reduce((t, v) => t + v.Output, 0)),
        nominalcode: byNum((e) => e.Nominal[0]?.Code ?? 0),
        changes: byNum((e) => e.ChangeIndex),
        username: byStr((e) => e.UserName),
        entitynumber: byNum((e) => e.EntityNumber),
      };
      SORT_NAMES.forEach((name, i) => {
        const f = keys[name];
        if (f) keys[String(i)] = f;
      });
      const sorted = sortRows(found, q, { keys, fallback: byNum((e) => e.TransactionNumber) }, "sortby", "2").rows;
      return { rows: sorted, total: sorted.reduce((t, e) => t + e.Value, 0) };
    });
    return send(
      c,
      200,
      envelope(c, q, s.cfg, rows, (e) => auditView(s.books, e), {
        defaultPerPage: 50,
        totalAmount: total,
      }),
    );
  });

  api.get("/reports/business/audit/users", (c) => {
    const s = scope(c, store);
    return send(c, 200, [{ UserName: s.account.User.UserName, FullName: s.account.User.FullName }]);
  });

  api.get("/reports/business/audit/:transactionNumber", (c) => {
    const s = scope(c, store);
    const n = intParam(c, "transactionNumber", "Transaction");
    const e = s.books.auditByTx.get(n);
    if (!e) throw notFound(`Transaction ${n} was not found.`);
    return send(c, 200, auditView(s.books, e));
  });
}
