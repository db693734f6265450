// Every command the server can send the agent: a zod discriminated union on `type`, one payload schema per type,
// and the result schema each type answers with. Shared by the agent and the server (it imports nothing else).
import { z } from "zod";
import { CHANGE_TABLES } from "./change-tables";
import { commandErrorSchema } from "./errors";
import { readReferenceListsPayload, readReferenceListsResult } from "./reference-lists";
import { batchNo, batchSpec, division, isoDate, money, quantity, sageCode, sageStamp, sageText } from "./values";

const address = {
  addressLine1: sageText(60).optional(),
  addressLine2: sageText(60).optional(),
  addressLine3: sageText(60).optional(),
  city: sageText(60).optional(),
  state: sageText(10).optional(),
  zipCode: sageText(20).optional(),
  countryCode: sageText(3).optional(),
  telephoneNo: sageText(30).optional(),
  emailAddress: sageText(250).optional(),
};

export const upsertCustomerPayload = z.object({
  division,
  customerNo: sageCode(40),
  name: sageText(100).min(1),
  ...address,
  termsCode: sageCode(2).optional(),
  taxSchedule: sageCode(9).optional(),
  salespersonNo: sageCode(4).optional(),
  creditLimit: money.optional(),
  status: z.enum(["A", "I"]).optional(),
  comment: sageText(60).optional(),
});

export const upsertVendorPayload = z.object({
  division,
  vendorNo: sageCode(20),
  name: sageText(100).min(1),
  ...address,
  termsCode: sageCode(2).optional(),
  taxSchedule: sageCode(9).optional(),
  /** Default expense account, formatted (e.g. 6000-00). */
  expenseAccount: sageCode(13).optional(),
  status: z.enum(["A", "I", "T"]).optional(),
  reference: sageText(30).optional(),
});

export const upsertItemPayload = z.object({
  itemCode: sageCode(40),
  /** 1 regular, 3 charge, 4 comment, 5 miscellaneous (charge/comment/misc codes start with "/"). */
  itemType: z.enum(["1", "3", "4", "5"]).optional(),
  description: sageText(60).min(1),
  productLine: sageCode(4).optional(),
  standardUnitPrice: quantity.optional(),
  standardUnitCost: quantity.optional(),
  salesAccount: sageCode(13).optional(),
  costOfGoodsSoldAccount: sageCode(13).optional(),
  inventoryAccount: sageCode(13).optional(),
  purchaseAccount: sageCode(13).optional(),
  taxClass: sageCode(2).optional(),
  defaultWarehouseCode: sageCode(3).optional(),
  salesUnitOfMeasure: sageCode(4).optional(),
  inactive: z.boolean().optional(),
});

const arInvoiceLine = z.object({
  /** A/R invoice lines take miscellaneous, charge or comment items ("/" codes). */
  itemCode: sageCode(30),
  description: sageText(60).optional(),
  quantity: quantity.optional(),
  unitPrice: quantity.optional(),
  /** Extension amount; when given without quantity/price it is the line amount. */
  amount: money.optional(),
  /** Formatted G/L account (4000-00) overriding the item's default. */
  salesAccount: sageCode(13).optional(),
  taxClass: sageCode(2).optional(),
  commentText: sageText(250).optional(),
});

export const createArInvoicePayload = z.object({
  /** The idempotency anchor: a deterministic Sage invoice number (up to 7 characters). */
  invoiceNo: sageCode(7),
  invoiceType: z.enum(["IN", "CM", "DM"]).default("IN"),
  division,
  customerNo: sageCode(20),
  invoiceDate: isoDate,
  termsCode: sageCode(2).optional(),
  taxSchedule: sageCode(9).optional(),
  customerPONo: sageText(30).optional(),
  comment: sageText(60).optional(),
  applyToInvoiceNo: sageCode(7).optional(),
  lines: z.array(arInvoiceLine).min(1).max(500),
  batch: batchSpec,
});

export const createCashReceiptPayload = z.object({
  division,
  customerNo: sageCode(20),
  /** The idempotency anchor with the customer: the payment reference (Sage CheckNo, up to 10 characters). */
  checkNo: sageCode(10),
  bankCode: sageCode(1),
  depositDate: isoDate,
  depositDescription: sageText(30).optional(),
  depositType: z.enum(["C", "R", "A"]).default("C"),
  amount: money,
  comment: sageText(30).optional(),
  applications: z
    .array(z.object({ invoiceNo: sageCode(7), invoiceType: z.enum(["IN", "CM", "DM"]).default("IN"), amount: money }))
    .max(500)
    .default([]),
  /** Lines posted straight to a G/L account (miscellaneous cash). */
  accountLines: z
    .array(z.object({ account: sageCode(13), amount: money }))
    .max(100)
    .default([]),
  batch: batchSpec,
});

export const createApInvoicePayload = z.object({
  division,
  vendorNo: sageCode(7),
  /** The idempotency anchor with the vendor: the supplier's invoice number (up to 10 characters). */
  invoiceNo: sageCode(10),
  invoiceDate: isoDate,
  dueDate: isoDate.optional(),
  termsCode: sageCode(2).optional(),
  comment: sageText(40).optional(),
  amount: money,
  holdPayment: z.boolean().optional(),
  distributions: z
    .array(z.object({ account: sageCode(13), amount: money, comment: sageText(30).optional() }))
    .min(1)
    .max(500),
  batch: batchSpec,
});

/** A/P Manual Check and Payment Entry: one check to a vendor paying open invoices (and G/L lines) for its amount. */
export const createApManualCheckPayload = z.object({
  division,
  vendorNo: sageCode(7),
  bankCode: sageCode(1),
  /** The idempotency anchor with the bank code: a deterministic check number (up to 10 characters). */
  checkNo: sageCode(10),
  checkDate: isoDate,
  /** The check amount: the applications and account lines add up to it. */
  amount: money,
  comment: sageText(40).optional(),
  applications: z
    .array(z.object({ invoiceNo: sageCode(10), amount: money, discount: money.optional() }))
    .max(500)
    .default([]),
  /** Lines paid straight to a G/L account (an exchange difference, bank charges). */
  accountLines: z
    .array(z.object({ account: sageCode(13), amount: money, comment: sageText(30).optional() }))
    .max(100)
    .default([]),
  batch: batchSpec,
});

export const createGlJournalPayload = z.object({
  sourceJournal: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default("GJ"),
  /** The idempotency anchor: unique per journal, stored as the entry's JournalComment (up to 30 characters). */
  reference: sageCode(30),
  postingDate: isoDate,
  lines: z
    .array(
      z.object({
        account: sageCode(13),
        debit: money.optional(),
        credit: money.optional(),
        comment: sageText(30).optional(),
      }),
    )
    .min(2)
    .max(1000),
  batch: batchSpec,
});

export const DOCUMENT_KINDS = [
  "customer",
  "vendor",
  "item",
  "arInvoice",
  "apInvoice",
  "cashReceipt",
  "glJournal",
  "salesOrder",
  "arOpenInvoice",
  "apManualCheck",
  "apOpenInvoice",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const findDocumentPayload = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("customer"), division, customerNo: sageCode(20) }),
  z.object({ kind: z.literal("vendor"), division, vendorNo: sageCode(7) }),
  z.object({ kind: z.literal("item"), itemCode: sageCode(30) }),
  z.object({
    kind: z.literal("arInvoice"),
    invoiceNo: sageCode(7),
    invoiceType: z.enum(["IN", "CM", "DM"]).default("IN"),
  }),
  z.object({ kind: z.literal("apInvoice"), division, vendorNo: sageCode(7), invoiceNo: sageCode(10) }),
  z.object({ kind: z.literal("cashReceipt"), division, customerNo: sageCode(20), checkNo: sageCode(10) }),
  z.object({
    kind: z.literal("glJournal"),
    sourceJournal: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .default("GJ"),
    reference: sageCode(30),
  }),
  z.object({ kind: z.literal("salesOrder"), salesOrderNo: sageCode(7) }),
  /** A posted invoice's open item: what is still due (Balance) and what unposted receipts hold (PaymentsToday). */
  z.object({
    kind: z.literal("arOpenInvoice"),
    division,
    customerNo: sageCode(20),
    invoiceNo: sageCode(7),
    invoiceType: z.enum(["IN", "CM", "DM"]).default("IN"),
  }),
  /** A manual check: in data entry (AP_ManualCheckHeader) or posted (AP_CheckHistoryHeader), by bank code + number. */
  z.object({ kind: z.literal("apManualCheck"), bankCode: sageCode(1), checkNo: sageCode(10) }),
  /** A posted A/P invoice's open item: what is still owed (Balance) and, added by the agent, PendingChecksAmt (what checks still in data entry apply to it). */
  z.object({ kind: z.literal("apOpenInvoice"), division, vendorNo: sageCode(7), invoiceNo: sageCode(10) }),
]);

/** The posted payments of one A/R invoice (AR_TransactionPaymentHistory), oldest first. */
export const readInvoicePaymentsPayload = z.object({
  division,
  customerNo: sageCode(20),
  invoiceNo: sageCode(7),
  invoiceType: z.enum(["IN", "CM", "DM"]).default("IN"),
});

export const readChangesPayload = z.object({
  table: z.enum(CHANGE_TABLES),
  /** Rows updated at or after this stamp; omitted = from the beginning. */
  since: sageStamp.optional(),
  top: z.number().int().min(1).max(500).default(100),
});

/** Several A/R invoices for one batch in one command (one queue entry, lease and result instead of one each). */
export const createArInvoicesPayload = z.object({
  invoices: z
    .array(createArInvoicePayload.omit({ batch: true }))
    .min(1)
    .max(50),
  batch: batchSpec,
});

/**
 * Invoices of several posting dates in one command, each date's into its own batch: a run entering thousands of
 * invoices sends one command per load batch, not one per date. A group whose batch Sage refuses fails alone.
 */
export const createArInvoiceBatchesPayload = z.object({
  groups: z.array(createArInvoicesPayload).min(1).max(50),
});

/** An A/R invoice still in data entry taken out of its batch (a voided document never posted); posted ones stay. */
export const deleteArInvoicePayload = z.object({
  invoiceNo: sageCode(7),
  invoiceType: z.enum(["IN", "CM", "DM"]).default("IN"),
});

export const POSTING_JOURNALS = ["AR_SALES", "AR_CASH", "AP_INVOICE", "AP_CHECK", "GL_GENERAL"] as const;
export const postBatchPayload = z.object({
  journal: z.enum(POSTING_JOURNALS),
  /** Omitted when the module has batch processing off (the whole journal is posted). */
  batchNo: batchNo.optional(),
  postingDate: isoDate,
});

/** Several batches of one journal posted in one command; each batch's outcome is its own. */
export const postBatchesPayload = z.object({
  journal: z.enum(POSTING_JOURNALS),
  batches: z
    .array(z.object({ batchNo, postingDate: isoDate }))
    .min(1)
    .max(100),
});

/** Whether a journal accepts `date` as its posting date; when not (a closed period), the first day that it does. */
export const checkPostingDatePayload = z.object({
  date: isoDate,
  journal: z.enum(POSTING_JOURNALS).default("AR_SALES"),
  /** How many later periods to try before giving up on finding an open one. */
  searchPeriods: z.number().int().min(1).max(60).default(24),
});

export const pingPayload = z.object({}).default({});

// --- results -------------------------------------------------------------------------------------------------

/** A document's place in Sage: still in data entry (a batch) or posted to history. */
const documentState = z.enum(["pending", "posted"]);
const record = z.record(z.string(), z.unknown());

const createArInvoicesResult = z.object({
  /** The batch the invoices went into ("" when batch processing is off or none was entered). */
  batchNo: z.string(),
  /** One per invoice, in order: its createArInvoice result, or why Sage refused it (the others are unaffected). */
  results: z.array(
    z.discriminatedUnion("ok", [
      z.object({
        ok: z.literal(true),
        invoiceNo: z.string(),
        invoiceType: z.string(),
        batchNo: z.string(),
        created: z.boolean(),
        state: documentState,
        salesTaxAmt: z.number().optional(),
        totalAmt: z.number().optional(),
      }),
      z.object({ ok: z.literal(false), invoiceNo: z.string(), invoiceType: z.string(), error: commandErrorSchema }),
    ]),
  ),
});

export const COMMAND_RESULTS = {
  ping: z.object({
    pong: z.literal(true),
    sageCompany: z.string(),
    driver: z.string(),
    sageDate: z.string().optional(),
  }),
  upsertCustomer: z.object({
    division: z.string(),
    customerNo: z.string(),
    created: z.boolean(),
    changed: z.array(z.string()),
  }),
  upsertVendor: z.object({
    division: z.string(),
    vendorNo: z.string(),
    created: z.boolean(),
    changed: z.array(z.string()),
  }),
  upsertItem: z.object({ itemCode: z.string(), created: z.boolean(), changed: z.array(z.string()) }),
  createArInvoice: z.object({
    invoiceNo: z.string(),
    invoiceType: z.string(),
    batchNo: z.string(),
    created: z.boolean(),
    state: documentState,
    salesTaxAmt: z.number().optional(),
    totalAmt: z.number().optional(),
  }),
  createCashReceipt: z.object({
    depositNo: z.string(),
    checkNo: z.string(),
    batchNo: z.string(),
    created: z.boolean(),
    state: documentState,
  }),
  createApInvoice: z.object({
    vendorNo: z.string(),
    invoiceNo: z.string(),
    batchNo: z.string(),
    created: z.boolean(),
    state: documentState,
  }),
  createApManualCheck: z.object({
    bankCode: z.string(),
    checkNo: z.string(),
    vendorNo: z.string(),
    batchNo: z.string(),
    created: z.boolean(),
    state: documentState,
  }),
  createGlJournal: z.object({
    sourceJournal: z.string(),
    entryNo: z.string(),
    batchNo: z.string(),
    created: z.boolean(),
    state: documentState,
  }),
  findDocument: z.object({ found: z.boolean(), state: documentState.optional(), record: record.optional() }),
  readChanges: z.object({
    table: z.string(),
    keyColumns: z.array(z.string()),
    rows: z.array(record).max(500),
    highWater: sageStamp.nullable(),
  }),
  postBatch: z.object({ journal: z.string(), batchNo: z.string(), posted: z.boolean(), alreadyPosted: z.boolean() }),
  readInvoicePayments: z.object({ rows: z.array(record).max(500) }),
  createArInvoices: createArInvoicesResult,
  createArInvoiceBatches: z.object({
    /** One per group, in order: its createArInvoices result, or why Sage refused the group's batch. */
    groups: z.array(
      z.union([
        z.object({ ok: z.literal(true), batchNo: z.string(), results: createArInvoicesResult.shape.results }),
        z.object({ ok: z.literal(false), error: commandErrorSchema }),
      ]),
    ),
  }),
  postBatches: z.object({
    results: z.array(
      z.union([
        z.object({ ok: z.literal(true), batchNo: z.string(), posted: z.boolean(), alreadyPosted: z.boolean() }),
        z.object({ ok: z.literal(false), batchNo: z.string(), error: commandErrorSchema }),
      ]),
    ),
  }),
  deleteArInvoice: z.object({
    invoiceNo: z.string(),
    invoiceType: z.string(),
    state: z.enum(["deleted", "posted", "absent"]),
    batchNo: z.string().nullable(),
  }),
  readReferenceLists: readReferenceListsResult,
  checkPostingDate: z.object({
    date: z.string(),
    open: z.boolean(),
    /** The first open day on or after `date` (itself when open); null when none was found. */
    firstOpenDate: z.string().nullable(),
    /** Why `date` is refused: the normalised code, the plain-English reason and Sage's period ("2025-01"). */
    code: z.string().optional(),
    reason: z.string().optional(),
    period: z.string().optional(),
    /** The first and last day of `date`'s fiscal period: the same answer holds for every date between them. */
    periodStart: z.string().optional(),
    periodEnd: z.string().optional(),
  }),
} as const;

export const commandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ping"), payload: pingPayload }),
  z.object({ type: z.literal("upsertCustomer"), payload: upsertCustomerPayload }),
  z.object({ type: z.literal("upsertVendor"), payload: upsertVendorPayload }),
  z.object({ type: z.literal("upsertItem"), payload: upsertItemPayload }),
  z.object({ type: z.literal("createArInvoice"), payload: createArInvoicePayload }),
  z.object({ type: z.literal("createCashReceipt"), payload: createCashReceiptPayload }),
  z.object({ type: z.literal("createApInvoice"), payload: createApInvoicePayload }),
  z.object({ type: z.literal("createApManualCheck"), payload: createApManualCheckPayload }),
  z.object({ type: z.literal("createGlJournal"), payload: createGlJournalPayload }),
  z.object({ type: z.literal("findDocument"), payload: findDocumentPayload }),
  z.object({ type: z.literal("readChanges"), payload: readChangesPayload }),
  z.object({ type: z.literal("postBatch"), payload: postBatchPayload }),
  z.object({ type: z.literal("readInvoicePayments"), payload: readInvoicePaymentsPayload }),
  z.object({ type: z.literal("createArInvoices"), payload: createArInvoicesPayload }),
  z.object({ type: z.literal("createArInvoiceBatches"), payload: createArInvoiceBatchesPayload }),
  z.object({ type: z.literal("postBatches"), payload: postBatchesPayload }),
  z.object({ type: z.literal("deleteArInvoice"), payload: deleteArInvoicePayload }),
  z.object({ type: z.literal("checkPostingDate"), payload: checkPostingDatePayload }),
  z.object({ type: z.literal("readReferenceLists"), payload: readReferenceListsPayload }),
]);

export type Command = z.infer<typeof commandSchema>;
export type CommandInput = z.input<typeof commandSchema>;
export type CommandType = Command["type"];
export const COMMAND_TYPES = commandSchema.options.map((o) => o.shape.type.value) as CommandType[];
export type PayloadOf<T extends CommandType> = Extract<Command, { type: T }>["payload"];
export type ResultOf<T extends CommandType> = z.infer<(typeof COMMAND_RESULTS)[T]>;
