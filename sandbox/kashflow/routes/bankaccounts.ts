// Bank accounts and their transaction feeds (§8.1, §8.2): running balances, transfers visible in both
// accounts under one Id, payment-linked rows, and the unstable same-date ordering KashFlow shows.
import type { Hono } from "hono";
import { z } from "zod";
import { logBankTx } from "../domain/audit";
import { removePayment } from "../domain/documents";
import { badRequest, notFound } from "../errors";
import { businessDate, dec4, formatTimestamp, money, NEVER_1970, ymdOf } from "../format";
import { intParam, noContent, Query, readJson, scope, send, type Ctx, type ReqScope, type SandboxEnv } from "../http";
import { vatFromGross } from "../money";
import { byNum, byStr, envelope, pageParams, referenceList } from "../paging";
import { codeKey, type Books } from "../store/books";
import type { SandboxStore } from "../store/store";
import type { BankAccountRec, BankTxRec } from "../store/types";
import { ci, parseWith, zBool, zDate, zDec4, zInt, zMoney, zStr } from "../validation";
import { containsCi, listKey } from "./common";

const zMethodRef = ci({ Id: zInt.nullish(), Name: zStr.nullish() });

const bankAccountSchema = ci({
  Code: zInt.nullish(),
  AccountName: zStr.nullish(),
  IsDefaultAccount: zBool.nullish(),
  IsArchived: zBool.nullish(),
  ReconcileDate: zDate.nullish(),
  TransactionLockEnabled: zBool.nullish(),
  TransactionLockDate: zDate.nullish(),
  Order: zInt.nullish(),
  IconId: zInt.nullish(),
  StartingDate: zDate.nullish(),
  StartingAmount: zMoney.nullish(),
  ShowPaidInFirst: zBool.nullish(),
  IncludeOnDashBoard: zBool.nullish(),
  Note: zStr.nullish(),
  OverrideTransactionLock: zBool.nullish(),
  DefaultInvoicePaymentType: zMethodRef.nullish(),
  DefaultPurchasePaymentType: zMethodRef.nullish(),
});

const bankTxSchema = ci({
  Date: zDate.nullish(),
  MoneyType: zInt.nullish(),
  Comment: zStr.nullish(),
  PaidIn: zMoney.nullish(),
  PaidOut: zMoney.nullish(),
  VATAble: zBool.nullish(),
  VATRate: zDec4.nullish(),
  VATAmount: zMoney.nullish(),
  VATPaid: zBool.nullish(),
  ProjectNumber: zInt.nullish(),
  CustomerCode: zStr.nullish(),
  SupplierCode: zStr.nullish(),
  TransactionType: zInt.nullish(),
  Disallowed: zBool.nullish(),
  BFSTransactionId: zStr.nullish(),
  Reconciled: zBool.nullish(),
  /** Sandbox extension: makes the row an internal transfer to this bank account. */
  TransferToAccountId: zInt.nullish(),
});

/** A feed row seen from one account: transfers swap PaidIn/PaidOut and the receiving side is type 6. */
export function perspective(tx: BankTxRec, accountId: number): { paidIn: number; paidOut: number; type: number } {
  const mine = tx.AccountId === accountId;
  const paidIn = mine ? tx.PaidIn : tx.PaidOut;
  const paidOut = mine ? tx.PaidOut : tx.PaidIn;
  if (tx.TransferAccountId !== null) return { paidIn, paidOut, type: paidIn > 0 ? 6 : 0 };
  return { paidIn, paidOut, type: tx.TransactionType };
}

function typeLabel(tx: BankTxRec, view: { paidIn: number; type: number }): string {
  if (tx.TransferAccountId !== null) return view.type === 6 ? "Transfer In" : "Transfer Out";
  if (view.type === 1) return view.paidIn > 0 ? "Customer Receipt" : "Customer Refund";
  if (view.type === 2) return view.paidIn > 0 ? "Supplier Refund" : "Supplier Payment";
  if (tx.CustomerCode) return "Customer Advance";
  if (tx.SupplierCode) return "Supplier Advance";
  return view.paidIn > 0 ? "Bank Receipt" : "Bank Payment";
}

interface Feed {
  rows: BankTxRec[];
  balance: Map<number, number>;
}

/** The whole feed in (Date, Id) order with running balances; cached until the books change. */
function feedOf(books: Books, acc: BankAccountRec): Feed {
  return books.cached(`feed:${acc.Id}`, () => {
    const rows = books.bankFeed(acc.Id).sort((a, b) => (a.Date < b.Date ? -1 : a.Date > b.Date ? 1 : a.Id - b.Id));
    return { rows, balance: balances(rows, acc) };
  });
}

function balances(rows: BankTxRec[], acc: BankAccountRec): Map<number, number> {
  const out = new Map<number, number>();
  let bal = acc.StartingAmount;
  for (const tx of rows) {
    const v = perspective(tx, acc.Id);
    bal += v.paidIn - v.paidOut;
    out.set(tx.Id, bal);
  }
  return out;
}

/** §10.2: rows sharing a Date come back in a different order per request, and so do their balances. */
function shuffleTies(rows: BankTxRec[]): BankTxRec[] {
  const out = [...rows];
  let start = 0;
  while (start < out.length) {
    let end = start + 1;
    while (end < out.length && out[end]?.Date === out[start]?.Date) end++;
    for (let i = end - 1; i > start; i--) {
      const j = start + Math.floor(Math.random() * (i - start + 1));
      const a = out[i];
      const b = out[j];
      if (a && b) {
        out[i] = b;
        out[j] = a;
      }
    }
    start = end;
  }
  return out;
}

export function bankBalance(books: Books, acc: BankAccountRec): number {
  const feed = feedOf(books, acc);
  const last = feed.rows[feed.rows.length - 1];
  return last ? (feed.balance.get(last.Id) ?? acc.StartingAmount) : acc.StartingAmount;
}

function methodRef(books: Books, kind: "invoice" | "purchase", id: number | null): Record<string, unknown> | null {
  if (id === null) return null;
  const m = books.paymentMethods[kind].get(id);
  return m ? { Id: m.Id, Name: m.Name } : null;
}

export function bankAccountView(books: Books, a: BankAccountRec, detail: boolean): Record<string, unknown> {
  const base = {
    Id: a.Id,
    Code: a.Code,
    AccountName: a.AccountName,
    IsDefaultAccount: a.IsDefaultAccount,
    IsArchived: a.IsArchived,
    ReconcileDate: a.ReconcileDate ? ymdOf(a.ReconcileDate) : null,
    TransactionLockEnabled: a.TransactionLockEnabled,
    TransactionLockDate: a.TransactionLockDate ? ymdOf(a.TransactionLockDate) : null,
    BankBalance: money(bankBalance(books, a)),
    IsBankEmpty: (books.bankTxByAccount.get(a.Id)?.size ?? 0) === 0,
    Order: a.Order,
    IconId: a.IconId,
    Period: 0,
    BankFeedsAccountId: 0,
    FeedAccountName: "",
    FeedProviderName: "",
    FeedStatus: "",
    LastTransactionImportDate: null,
    DefaultInvoicePaymentType: methodRef(books, "invoice", a.DefaultInvoicePaymentType),
    DefaultPurchasePaymentType: methodRef(books, "purchase", a.DefaultPurchasePaymentType),
  };
  if (!detail) return base;
  // Object.assign, not spread: spreading a large object into a literal is very slow in V8.
  return Object.assign(base, {
    StartingDate: a.StartingDate,
    StartingAmount: money(a.StartingAmount),
    ShowPaidInFirst: a.ShowPaidInFirst,
    IncludeOnDashBoard: a.IncludeOnDashBoard,
    Note: a.Note,
    OverrideTransactionLock: a.OverrideTransactionLock,
    CreatedDate: a.CreatedDate,
    LastUpdatedDate: a.LastUpdatedDate,
  });
}

export function bankTxView(books: Books, tx: BankTxRec, accountId: number, balance: number): Record<string, unknown> {
  const v = perspective(tx, accountId);
  const customer = tx.CustomerCode ? books.customers.get(codeKey(tx.CustomerCode)) : undefined;
  const supplier = tx.SupplierCode ? books.suppliers.get(codeKey(tx.SupplierCode)) : undefined;
  const doc = tx.DocumentKind && tx.DocumentId !== null ? books.docById(tx.DocumentKind, tx.DocumentId) : undefined;
  return {
    Id: tx.Id,
    AccountId: tx.AccountId,
    TransactionNumber: tx.TransactionNumber,
    Date: tx.Date,
    MoneyType: tx.MoneyType,
    Comment: tx.Comment,
    PaidIn: money(v.paidIn),
    PaidOut: money(v.paidOut),
    VATAble: tx.VATAble,
    VATRate: dec4(tx.VATRate),
    VATAmount: money(tx.VATAmount),
    VATPaid: tx.VATPaid,
    ProjectNumber: tx.ProjectNumber,
    CustomerCode: tx.CustomerCode,
    SupplierCode: tx.SupplierCode,
    TransactionType: v.type,
    Disallowed: tx.Disallowed,
    PaymentId: tx.PaymentId ?? 0,
    BFSTransactionId: tx.BFSTransactionId,
    Balance: money(balance),
    Type: typeLabel(tx, v),
    EntityName: customer?.Name ?? supplier?.Name ?? "",
    CustomerName: customer?.Name ?? "",
    SupplierName: supplier?.Name ?? "",
    ResourceNumber: doc?.Number ?? 0,
    Reconciled: tx.Reconciled,
    ReconciledId: tx.ReconciledId,
    VATReturnId: tx.VATReturnId,
    IsSystemGeneratedTransaction: tx.IsSystemGeneratedTransaction,
  };
}

function suggestedCode(books: Books): number {
  for (let code = 1200; ; code += 10) {
    if (!books.nominals.has(code) && ![...books.bankAccounts.values()].some((b) => b.Code === code)) return code;
  }
}

function checkLock(acc: BankAccountRec, date: string): void {
  if (acc.TransactionLockEnabled && acc.TransactionLockDate && ymdOf(date) < ymdOf(acc.TransactionLockDate))
    throw badRequest(
      `Bank account ${acc.Id} is locked for transactions before ${ymdOf(acc.TransactionLockDate)}.`,
      "TransactionLocked",
    );
}

export function registerBankRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  const account = (s: ReqScope, c: Ctx, param = "id"): BankAccountRec => {
    const id = intParam(c, param, "Bank account");
    const a = s.books.bankAccounts.get(id);
    if (!a) throw notFound(`Bank account with id ${id} was not found.`);
    return a;
  };

  api.get("/bankaccounts", (c) => {
    const s = scope(c, store);
    const q = Query.of(c);
    const includeArchived = q.bool("includearchivedaccounts", false);
    const rows = [...s.books.bankAccounts.values()]
      .filter((a) => includeArchived || !a.IsArchived)
      .sort((a, b) => a.Order - b.Order || a.Id - b.Id);
    return send(
      c,
      200,
      referenceList(c, s.cfg, rows, (a) => bankAccountView(s.books, a, false)),
    );
  });

  api.get("/bankaccounts/list", (c) => {
    const s = scope(c, store);
    const q = Query.of(c);
    const includeArchived = q.bool("includearchivedaccounts", true);
    const rows = [...s.books.bankAccounts.values()]
      .filter((a) => includeArchived || !a.IsArchived)
      .sort((a, b) => a.Id - b.Id);
    return send(
      c,
      200,
      envelope(c, q, s.cfg, rows, (a) => bankAccountView(s.books, a, false), { defaultPerPage: 50 }),
    );
  });

  api.get("/bankaccounts/suggestedcode", (c) => {
    const s = scope(c, store);
    return send(c, 200, suggestedCode(s.books));
  });

  api.get("/bankaccounts/:id", (c) => {
    const s = scope(c, store);
    return send(c, 200, bankAccountView(s.books, account(s, c), true));
  });

  const applyAccount = (s: ReqScope, a: BankAccountRec, input: z.infer<typeof bankAccountSchema>) => {
    const { books } = s;
    if (input.AccountName != null) a.AccountName = input.AccountName;
    if (input.IsArchived != null) a.IsArchived = input.IsArchived;
    if (input.ReconcileDate !== undefined)
      a.ReconcileDate = input.ReconcileDate ? businessDate(input.ReconcileDate.ymd) : null;
    if (input.TransactionLockEnabled != null) a.TransactionLockEnabled = input.TransactionLockEnabled;
    if (input.TransactionLockDate !== undefined)
      a.TransactionLockDate = input.TransactionLockDate ? businessDate(input.TransactionLockDate.ymd) : null;
    if (input.Order != null) a.Order = input.Order;
    if (input.IconId != null) a.IconId = input.IconId;
    if (input.StartingDate != null) a.StartingDate = businessDate(input.StartingDate.ymd);
    if (input.StartingAmount != null) a.StartingAmount = input.StartingAmount;
    if (input.ShowPaidInFirst != null) a.ShowPaidInFirst = input.ShowPaidInFirst;
    if (input.IncludeOnDashBoard != null) a.IncludeOnDashBoard = input.IncludeOnDashBoard;
    if (input.Note != null) a.Note = input.Note;
    if (input.OverrideTransactionLock != null) a.OverrideTransactionLock = input.OverrideTransactionLock;
    for (const [key, kind] of [
      ["DefaultInvoicePaymentType", "invoice"],
      ["DefaultPurchasePaymentType", "purchase"],
    ] as const) {
      const ref = input[key];
      if (ref === undefined) continue;
      if (ref === null || ref.Id == null) a[key] = null;
      else if (!books.paymentMethods[kind].has(ref.Id))
        throw badRequest(`${key} ${ref.Id} is not a ${kind} payment method.`);
      else a[key] = ref.Id;
    }
  };
  /** Exactly one default account: making one the default clears the flag elsewhere. */
  const makeDefault = (s: ReqScope, id: number) => {
    for (const other of s.books.bankAccounts.values()) other.IsDefaultAccount = other.Id === id;
  };

  api.post("/bankaccounts", async (c) => {
    const s = scope(c, store);
    const input = parseWith(bankAccountSchema, await readJson(c));
    if (!input.AccountName?.trim()) throw badRequest("AccountName is required.");
    const code = input.Code ?? suggestedCode(s.books);
    if ([...s.books.bankAccounts.values()].some((b) => b.Code === code))
      throw badRequest(`Bank account code ${code} already exists.`);
    const nominal = s.books.nominals.get(code);
    if (nominal && nominal.NomType !== 3) throw badRequest(`Code ${code} is already used by a non-bank nominal.`);
    const now = formatTimestamp(s.now);
    const a: BankAccountRec = {
      Id: s.books.next("bankAccount"),
      Code: code,
      AccountName: input.AccountName.trim(),
      IsDefaultAccount: false,
      IsArchived: false,
      ReconcileDate: null,
      TransactionLockEnabled: false,
      TransactionLockDate: null,
      Order: s.books.bankAccounts.size + 1,
      IconId: 0,
      StartingDate: NEVER_1970,
      StartingAmount: 0,
      ShowPaidInFirst: false,
      IncludeOnDashBoard: true,
      Note: "",
      OverrideTransactionLock: false,
      DefaultInvoicePaymentType: null,
      DefaultPurchasePaymentType: null,
      CreatedDate: now,
      LastUpdatedDate: now,
    };
    applyAccount(s, a, input);
    s.books.bankAccounts.set(a.Id, a);
    if (input.IsDefaultAccount || s.books.bankAccounts.size === 1) makeDefault(s, a.Id);
    if (!nominal) {
      s.books.nominals.set(code, {
        Id: s.books.next("nominal"),
        Code: code,
        Name: a.AccountName,
        NomType: 3,
        Classification: 5,
        Fields: {},
        AllowDelete: false,
        CreatedDate: now,
        LastUpdatedDate: now,
      });
    }
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 201, bankAccountView(s.books, a, true));
  });

  api.put("/bankaccounts/:id", async (c) => {
    const s = scope(c, store);
    const a = account(s, c);
    const input = parseWith(bankAccountSchema, await readJson(c));
    if (input.Code != null && input.Code !== a.Code)
      throw badRequest("A bank account's Code cannot be changed in the sandbox.");
    const draft = structuredClone(a);
    applyAccount(s, draft, input);
    Object.assign(a, draft, { LastUpdatedDate: formatTimestamp(s.now) });
    if (input.IsDefaultAccount) makeDefault(s, a.Id);
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 200, bankAccountView(s.books, a, true));
  });

  api.delete("/bankaccounts/:id", (c) => {
    const s = scope(c, store);
    const a = account(s, c);
    if ((s.books.bankTxByAccount.get(a.Id)?.size ?? 0) > 0)
      throw badRequest(`Bank account ${a.Id} has transactions and cannot be deleted; archive it instead.`);
    s.books.bankAccounts.delete(a.Id);
    s.books.touch();
    store.onChange(s.account.Id);
    return noContent(c);
  });

  // ---- transactions ----

  api.get("/bankaccounts/:id/transactions", (c) => {
    const s = scope(c, store);
    const a = account(s, c);
    const q = Query.of(c);
    pageParams(q, s.cfg, 10);
    const unstable = c.get("unstableOrder") === true;
    const base = feedOf(s.books, a);
    const feed: Feed = unstable
      ? (() => {
          const rows = shuffleTies(base.rows);
          return { rows, balance: balances(rows, a) };
        })()
      : base;
    const compute = () => {
      const from = q.date("startdate");
      const to = q.date("enddate");
      const reconciled = q.bool("reconciled");
      const includeBulk = q.bool("includebulk", false);
      const search = q.str("searchtext")?.toLowerCase() ?? null;
      let opening = a.StartingAmount;
      let inRange = 0;
      const rows: BankTxRec[] = [];
      for (const tx of feed.rows) {
        const day = ymdOf(tx.Date);
        const v = perspective(tx, a.Id);
        if (from && day < from) {
          opening += v.paidIn - v.paidOut;
          continue;
        }
        if (to && day > to) continue;
        inRange += v.paidIn - v.paidOut;
        if (tx.IsBulk && !includeBulk) continue;
        if (reconciled !== null && tx.Reconciled !== reconciled) continue;
        if (
          search &&
          !containsCi(tx.Comment, search) &&
          !containsCi(tx.CustomerCode, search) &&
          !containsCi(tx.SupplierCode, search)
        )
          continue;
        rows.push(tx);
      }
      const col = (q.str("sortcolumn") ?? q.str("sortby") ?? "1").toLowerCase();
      const order = (q.str("order") ?? "asc").toLowerCase();
      if (!["asc", "desc", "ascending", "descending"].includes(order))
        throw badRequest(`The value '${q.str("order")}' is not valid for order.`);
      const cmps: Record<string, ((x: BankTxRec, y: BankTxRec) => number) | null> = {
        "1": null,
        date: null,
        "2": byNum((t) => perspective(t, a.Id).paidIn),
        paidin: byNum((t) => perspective(t, a.Id).paidIn),
        "3": byNum((t) => perspective(t, a.Id).paidOut),
        paidout: byNum((t) => perspective(t, a.Id).paidOut),
        "4": byNum((t) => perspective(t, a.Id).type),
        transactiontype: byNum((t) => perspective(t, a.Id).type),
        "5": byStr((t) => t.Comment),
        comment: byStr((t) => t.Comment),
        "6": byStr((t) => t.CustomerCode || t.SupplierCode),
        name: byStr((t) => t.CustomerCode || t.SupplierCode),
      };
      if (!(col in cmps)) throw badRequest(`The value '${col}' is not valid for sortcolumn.`);
      const cmp = cmps[col];
      // Date order is the feed order itself; other columns sort stably on top of it.
      let sorted = cmp ? [...rows].sort(cmp) : rows;
      if (order.startsWith("desc")) sorted = [...sorted].reverse();
      let total = 0;
      for (const t of sorted) {
        const v = perspective(t, a.Id);
        total += v.paidIn - v.paidOut;
      }
      return { rows: sorted, opening, closing: opening + inRange, total };
    };
    const result = unstable ? compute() : s.books.cached(listKey(`banktx:${a.Id}`, c.req.url), compute);
    return send(
      c,
      200,
      envelope(c, q, s.cfg, result.rows, (tx) => bankTxView(s.books, tx, a.Id, feed.balance.get(tx.Id) ?? 0), {
        defaultPerPage: 10,
        totalAmount: result.total,
        extraMeta: { OpeningBalance: money(result.opening), ClosingBalance: money(result.closing) },
      }),
    );
  });

  const txOf = (s: ReqScope, c: Ctx, a: BankAccountRec): BankTxRec => {
    const id = intParam(c, "txid", "Bank transaction");
    const tx = s.books.bankTx.get(id);
    if (!tx || (tx.AccountId !== a.Id && tx.TransferAccountId !== a.Id))
      throw notFound(`Bank transaction ${id} was not found in bank account ${a.Id}.`);
    return tx;
  };

  api.get("/bankaccounts/:id/transactions/:txid", (c) => {
    const s = scope(c, store);
    const a = account(s, c);
    const tx = txOf(s, c, a);
    return send(c, 200, bankTxView(s.books, tx, a.Id, feedOf(s.books, a).balance.get(tx.Id) ?? 0));
  });

  const buildTx = (
    s: ReqScope,
    a: BankAccountRec,
    input: z.infer<typeof bankTxSchema>,
    prev: BankTxRec | null,
  ): BankTxRec => {
    const { books } = s;
    const date = input.Date ? businessDate(input.Date.ymd) : prev?.Date;
    if (!date) throw badRequest("Date is required.");
    const moneyType = input.MoneyType ?? prev?.MoneyType;
    if (moneyType == null) throw badRequest("MoneyType is required.");
    if (!books.nominals.has(moneyType)) throw badRequest(`MoneyType ${moneyType} is not a nominal code.`);
    let paidIn = input.PaidIn ?? (input.PaidOut != null ? 0 : (prev?.PaidIn ?? 0));
    let paidOut = input.PaidOut ?? (input.PaidIn != null ? 0 : (prev?.PaidOut ?? 0));
    if (prev && prev.AccountId !== a.Id)
      [paidIn, paidOut] = [input.PaidOut ?? prev.PaidIn, input.PaidIn ?? prev.PaidOut];
    if (paidIn < 0 || paidOut < 0) throw badRequest("PaidIn and PaidOut must not be negative.");
    if (paidIn > 0 === paidOut > 0) throw badRequest("Exactly one of PaidIn or PaidOut must be greater than zero.");
    const type = input.TransactionType ?? prev?.TransactionType ?? 0;
    if (type === 1 || type === 2)
      throw badRequest("Invoice and purchase payments are recorded through the document's PaymentLines.");
    const customer = input.CustomerCode ?? prev?.CustomerCode ?? "";
    const supplier = input.SupplierCode ?? prev?.SupplierCode ?? "";
    if (customer && !books.customers.has(codeKey(customer)))
      throw badRequest(`Customer with code '${customer}' does not exist.`);
    if (supplier && !books.suppliers.has(codeKey(supplier)))
      throw badRequest(`Supplier with code '${supplier}' does not exist.`);
    const vatAble = input.VATAble ?? prev?.VATAble ?? false;
    const vatRate = vatAble ? (input.VATRate ?? prev?.VATRate ?? 200_000) : 0;
    if (vatAble && ![...books.vatRates.values()].some((r) => r.VATRate === vatRate))
      throw badRequest(`VATRate ${vatRate / 10_000} is not a configured VAT rate.`);
    const transferTo =
      input.TransferToAccountId !== undefined ? input.TransferToAccountId : (prev?.TransferAccountId ?? null);
    if (transferTo !== null) {
      if (transferTo === (prev?.AccountId ?? a.Id) || !books.bankAccounts.has(transferTo))
        throw badRequest(`TransferToAccountId ${transferTo} is not another bank account.`);
    }
    const now = formatTimestamp(s.now);
    const tx: BankTxRec = {
      Id: prev?.Id ?? books.next("bankTx"),
      AccountId: prev?.AccountId ?? a.Id,
      TransferAccountId: transferTo,
      TransactionNumber: prev?.TransactionNumber ?? 0,
      Date: date,
      MoneyType: moneyType,
      Comment: input.Comment ?? prev?.Comment ?? "",
      PaidIn: paidIn,
      PaidOut: paidOut,
      VATAble: vatAble,
      VATRate: vatRate,
      VATAmount: vatAble ? (input.VATAmount ?? vatFromGross(paidIn + paidOut, vatRate)) : 0,
      VATPaid: input.VATPaid ?? prev?.VATPaid ?? false,
      ProjectNumber: input.ProjectNumber ?? prev?.ProjectNumber ?? 0,
      CustomerCode: customer,
      SupplierCode: supplier,
      TransactionType: transferTo !== null ? 0 : type,
      Disallowed: input.Disallowed ?? prev?.Disallowed ?? false,
      PaymentId: null,
      DocumentKind: null,
      DocumentId: null,
      BFSTransactionId: input.BFSTransactionId ?? prev?.BFSTransactionId ?? null,
      Reconciled: input.Reconciled ?? prev?.Reconciled ?? false,
      ReconciledId: prev?.ReconciledId ?? 0,
      VATReturnId: prev?.VATReturnId ?? 0,
      IsSystemGeneratedTransaction: false,
      IsBulk: false,
      CreatedDate: prev?.CreatedDate ?? now,
      LastUpdatedDate: now,
    };
    for (const id of [tx.AccountId, tx.TransferAccountId]) {
      const acc = id === null ? undefined : books.bankAccounts.get(id);
      if (acc) {
        checkLock(acc, tx.Date);
        if (prev) checkLock(acc, prev.Date);
      }
    }
    return tx;
  };

  api.post("/bankaccounts/:id/transactions", async (c) => {
    const s = scope(c, store);
    const a = account(s, c);
    const input = parseWith(bankTxSchema, await readJson(c));
    const tx = buildTx(s, a, input, null);
    const entry = logBankTx(s.books, tx, s.doc.user, formatTimestamp(s.now), false);
    tx.TransactionNumber = entry.TransactionNumber;
    s.books.putBankTx(tx);
    store.onChange(s.account.Id);
    return send(c, 201, bankTxView(s.books, tx, a.Id, feedOf(s.books, a).balance.get(tx.Id) ?? 0));
  });

  api.put("/bankaccounts/:id/transactions/:txid", async (c) => {
    const s = scope(c, store);
    const a = account(s, c);
    const prev = txOf(s, c, a);
    if (prev.PaymentId !== null)
      throw badRequest("This transaction is a document payment; change it through the invoice or purchase.");
    if (prev.VATReturnId !== 0) throw badRequest("This transaction is included in a VAT return.", "TransactionLocked");
    const input = parseWith(bankTxSchema, await readJson(c));
    const tx = buildTx(s, a, input, prev);
    const entry = logBankTx(s.books, tx, s.doc.user, formatTimestamp(s.now), false);
    tx.TransactionNumber = entry.TransactionNumber;
    s.books.putBankTx(tx);
    store.onChange(s.account.Id);
    return send(c, 200, bankTxView(s.books, tx, a.Id, feedOf(s.books, a).balance.get(tx.Id) ?? 0));
  });

  /** Deleting a payment-linked row removes the payment from its document [INF]. */
  const deleteTx = (s: ReqScope, tx: BankTxRec): void => {
    if (tx.VATReturnId !== 0)
      throw badRequest(`Transaction ${tx.Id} is included in a VAT return.`, "TransactionLocked");
    if (tx.PaymentId !== null && tx.DocumentKind && tx.DocumentId !== null) {
      const doc = s.books.docById(tx.DocumentKind, tx.DocumentId);
      if (doc) {
        removePayment(s.doc, doc, tx.PaymentId);
        return;
      }
    }
    for (const id of [tx.AccountId, tx.TransferAccountId]) {
      const acc = id === null ? undefined : s.books.bankAccounts.get(id);
      if (acc) checkLock(acc, tx.Date);
    }
    s.books.removeBankTx(tx.Id);
    logBankTx(s.books, tx, s.doc.user, formatTimestamp(s.now), true);
  };

  api.delete("/bankaccounts/:id/transactions/:txid", (c) => {
    const s = scope(c, store);
    const a = account(s, c);
    deleteTx(s, txOf(s, c, a));
    store.onChange(s.account.Id);
    return noContent(c);
  });

  api.delete("/bankaccounts/:id/transactionlist", async (c) => {
    const s = scope(c, store);
    const a = account(s, c);
    const ids = parseWith(z.array(zInt).min(1), await readJson(c));
    const invalid: number[] = [];
    const locked: number[] = [];
    for (const id of ids) {
      const tx = s.books.bankTx.get(id);
      if (!tx || (tx.AccountId !== a.Id && tx.TransferAccountId !== a.Id)) {
        invalid.push(id);
        continue;
      }
      try {
        deleteTx(s, tx);
      } catch {
        locked.push(id);
      }
    }
    store.onChange(s.account.Id);
    if (invalid.length === 0 && locked.length === 0) return noContent(c);
    return send(c, 200, { InvalidTransactionIds: invalid, LockedTransactionIds: locked });
  });
}
