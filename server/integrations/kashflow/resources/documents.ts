// Invoices (§7.1) and purchases (§7.4): summaries, full detail, create with a Number check, PUT full
// replacement, delete, and payments added by PUTting the whole document with a new PaymentLines entry (§14).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { ClientCore } from "../client-core";
import { fetchPages, readAllRows, uniqueRecords } from "../paging";
import type { Query } from "../http";
import {
  documentNoteSchema,
  invoiceSchema,
  purchaseSchema,
  type KfDocumentNote,
  type KfInvoice,
  type KfPaymentLine,
  type KfPurchase,
} from "../schemas/document";
import type { KfInvoiceInput, KfPaymentInput, KfPurchaseInput } from "../schemas/payloads";
import { call, getOne, orNull, remove } from "./request";

export type DocumentKind = "invoice" | "purchase";

export type DocumentFilters = {
  /** Issue-date range, inclusive ("YYYY-MM-DD"); KashFlow has no modified-since filter (§9). */
  issuedFrom?: string;
  issuedTo?: string;
  partyCode?: string;
  /** all | paid | unpaid | overdue | overpaid | na | creditnote */
  status?: string;
  perPage?: number;
};

/** KashFlow kept the document but under another Number than the one we sent (§7.1 "renumber"). */
export class KashflowNumberChangedError<T = unknown> extends AppError {
  constructor(
    readonly kind: DocumentKind,
    readonly requestedNumber: number,
    readonly actualNumber: number,
    readonly document: T,
  ) {
    super(
      "CONFLICT",
      `KashFlow saved the ${kind} as number ${actualNumber}, not ${requestedNumber} as we asked (number ${requestedNumber} was probably already used in KashFlow). Check ${kind} ${actualNumber} in KashFlow: keep it and link it, or delete it, before trying again.`,
      { retryClass: "NEEDS_USER", reason: "NumberChanged" },
    );
    this.name = "KashflowNumberChangedError";
  }
}

type DocSpec<T> = {
  kind: DocumentKind;
  segment: "invoices" | "purchases";
  schema: z.ZodType<T>;
  partyParam: string;
  statusParam: string;
};

function documentResource<
  T extends { Number: number; PaymentLines?: KfPaymentLine[] | null },
  I extends { Number?: number },
>(core: ClientCore, spec: DocSpec<T>) {
  const label = spec.kind;
  const path = (n: number) => `/${spec.segment}/${n}`;
  const query = (f: DocumentFilters = {}): Query => ({
    issuedatefrom: f.issuedFrom,
    issuedateto: f.issuedTo,
    [spec.partyParam]: f.partyCode,
    [spec.statusParam]: f.status,
  });
  const pages = (f?: DocumentFilters) =>
    fetchPages(
      core,
      {
        path: `/${spec.segment}`,
        query: query(f),
        subject: `the ${label} list`,
        rowLabel: `${label === "invoice" ? "an" : "a"} ${label}`,
        perPage: f?.perPage,
      },
      spec.schema,
    );
  const get = (n: number) => getOne(core, path(n), `${label} ${n}`, spec.schema);
  const save = async (method: "POST" | "PUT", p: string, body: unknown, subject: string, idempotent?: boolean) =>
    (
      await call(
        core,
        { method, path: p, body, action: "saving", subject, idempotent },
        spec.schema,
        `the saved ${label}`,
      )
    ).data;

  /** GET the raw document, change it, PUT it back whole: full-replacement safe, keeps fields we do not model. */
  async function modify(
    n: number,
    change: (raw: Record<string, unknown>) => Record<string, unknown>,
    o: { idempotent: boolean },
  ): Promise<T> {
    const raw = await core.http.json({ method: "GET", path: path(n), action: "reading", subject: `${label} ${n}` });
    if (!raw || typeof raw !== "object")
      throw new AppError("UPSTREAM", `KashFlow sent an empty ${label} ${n}.`, {
        retryClass: "TRANSIENT",
        reason: "MalformedResponse",
      });
    return save("PUT", path(n), change(raw as Record<string, unknown>), `${label} ${n}`, o.idempotent);
  }

  return {
    pages,
    /** Summary rows (LineItems/PaymentLines null), each Number once. */
    list: (f?: DocumentFilters) => uniqueRecords(pages(f), (d) => String(d.Number)),
    get,
    find: (n: number) => orNull(get(n)),
    /** POST; when a Number is sent, a different Number in the answer raises KashflowNumberChangedError. */
    async create(input: I): Promise<T> {
      const created = await save(
        "POST",
        `/${spec.segment}`,
        input,
        input.Number !== undefined ? `${label} ${input.Number}` : `a new ${label}`,
      );
      if (core.behaviour.checkCreatedNumber && input.Number !== undefined && created.Number !== input.Number)
        throw new KashflowNumberChangedError(spec.kind, input.Number, created.Number, created);
      return created;
    },
    /** PUT the full document (omitted LineItems/PaymentLines are cleared, §10.6). */
    update: (n: number, input: I) => save("PUT", path(n), input, `${label} ${n}`),
    modify: (n: number, change: (raw: Record<string, unknown>) => Record<string, unknown>) =>
      modify(n, change, { idempotent: true }),
    delete: (n: number) => remove(core, path(n), `${label} ${n}`),
    /** Adds one payment (§14): the document is PUT back whole with the new PaymentLines entry (no Id). */
    async addPayment(n: number, payment: KfPaymentInput): Promise<{ document: T; payment: KfPaymentLine }> {
      let before: Set<number> = new Set();
      const document = await modify(
        n,
        (raw) => {
          const lines = Array.isArray(raw.PaymentLines) ? (raw.PaymentLines as Record<string, unknown>[]) : [];
          before = new Set(lines.map((l) => Number(l.Id)));
          const { Id: _omit, ...fresh } = payment;
          return { ...raw, PaymentLines: [...lines, fresh] };
        },
        // Sending it twice would record the payment twice: only retried when KashFlow surely never saw it.
        { idempotent: false },
      );
      const added = (document.PaymentLines ?? []).filter((l) => l.Id == null || !before.has(l.Id));
      const line = added.length === 1 ? added[0] : undefined;
      if (!line)
        throw new AppError(
          "UPSTREAM",
          `KashFlow saved ${label} ${n} but we could not see the new payment on it. Check the ${label}'s payments in KashFlow.`,
          {
            retryClass: "NEEDS_USER",
            reason: "PaymentNotVisible",
          },
        );
      return { document, payment: line };
    },
    /**
     * The document's notes (§8.6), every page (a bare list, or an envelope where KashFlow pages it); null when
     * KashFlow answers 404 — the document is gone, or this KashFlow has no notes endpoint: ask for the document first.
     */
    notes: (n: number): Promise<KfDocumentNote[] | null> =>
      orNull(
        readAllRows(
          core,
          { path: `${path(n)}/notes`, subject: `the notes of ${label} ${n}`, rowLabel: "a note" },
          documentNoteSchema,
          (note) => (note.Number != null ? `n:${note.Number}` : `t:${note.Date ?? ""}:${note.Text ?? ""}`),
        ),
      ),
    /** Adds a note (POST `{Text}`); not retried once sent, or a note could appear twice. */
    addNote: async (n: number, text: string): Promise<void> => {
      await call(
        core,
        {
          method: "POST",
          path: `${path(n)}/notes`,
          body: { Text: text },
          action: "saving",
          subject: `a note on ${label} ${n}`,
          idempotent: false,
        },
        z.unknown(),
        "the saved note",
      );
    },
    /** Removes one payment line by Id (PUT whole without it). */
    removePayment: (n: number, paymentId: number) =>
      modify(
        n,
        (raw) => ({
          ...raw,
          PaymentLines: ((raw.PaymentLines as Record<string, unknown>[] | null) ?? []).filter(
            (l) => Number(l.Id) !== paymentId,
          ),
        }),
        { idempotent: true },
      ),
  };
}

export const invoicesResource = (core: ClientCore) =>
  documentResource<KfInvoice, KfInvoiceInput>(core, {
    kind: "invoice",
    segment: "invoices",
    schema: invoiceSchema,
    partyParam: "customercode",
    statusParam: "statusfilter",
  });

export const purchasesResource = (core: ClientCore) =>
  documentResource<KfPurchase, KfPurchaseInput>(core, {
    kind: "purchase",
    segment: "purchases",
    schema: purchaseSchema,
    partyParam: "suppliercode",
    statusParam: "filterby",
  });
export type InvoicesResource = ReturnType<typeof invoicesResource>;
export type PurchasesResource = ReturnType<typeof purchasesResource>;
