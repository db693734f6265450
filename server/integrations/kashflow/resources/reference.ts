// Reference data the sync looks things up in: nominals, VAT rates, currencies, payment methods, bank accounts
// and transactions, metadata, next document numbers.
import type { z } from "zod";
import type { ClientCore } from "../client-core";
import { fetchPages, listAll, readAllRows, uniqueRecords } from "../paging";
import { nominalSchema, type KfNominal } from "../schemas/nominal";
import {
  bankAccountSchema,
  bankTransactionSchema,
  currencySchema,
  metadataSchema,
  nextNumberSchema,
  paymentMethodSchema,
  vatRateSchema,
  type KfBankAccount,
  type KfCurrency,
  type KfPaymentMethod,
  type KfVatRate,
} from "../schemas/reference";
import { getOne } from "./request";

/** Endpoints documented as bare arrays, though some answer with a paged envelope (§3.4): accept both, every page. */
function bareList<T>(
  core: ClientCore,
  path: string,
  query: Record<string, string | boolean | undefined>,
  subject: string,
  rowLabel: string,
  schema: z.ZodType<T>,
  key: (row: T) => string,
): Promise<T[]> {
  return readAllRows(core, { path, query, subject, rowLabel }, schema, key);
}

export function referenceResource(core: ClientCore) {
  return {
    nominals: (f: { type?: string; area?: string } = {}): Promise<KfNominal[]> =>
      bareList(
        core,
        "/nominals",
        { type: f.type ?? "All", area: f.area ?? "All" },
        "the chart of accounts",
        "a nominal",
        nominalSchema,
        (n) => String(n.Code),
      ),
    vatRates: (): Promise<KfVatRate[]> =>
      bareList(core, "/vat/settings/vatrates", {}, "the VAT rates", "a VAT rate", vatRateSchema, (v) =>
        v.VATId != null ? `id:${v.VATId}` : `rate:${v.VATRate}`,
      ),
    currencies: (): Promise<KfCurrency[]> =>
      bareList(core, "/currencies", {}, "the currencies", "a currency", currencySchema, (c) => c.Code.toUpperCase()),
    paymentMethods: (kind: "invoice" | "purchase"): Promise<KfPaymentMethod[]> =>
      bareList(
        core,
        `/paymentmethods/${kind}`,
        {},
        `the ${kind} payment methods`,
        "a payment method",
        paymentMethodSchema,
        (m) => String(m.Id),
      ),
    /** Archived accounts included by default so old payment lines still resolve (§8.1). */
    bankAccounts: (o: { includeArchived?: boolean } = {}): Promise<KfBankAccount[]> =>
      bareList(
        core,
        "/bankaccounts",
        { includeArchivedAccounts: o.includeArchived ?? true },
        "the bank accounts",
        "a bank account",
        bankAccountSchema,
        (a) => String(a.Id),
      ),
    /** One account's feed; rows keyed by (feed account, Id) because transfers appear in both feeds (§10.3). */
    bankTransactions(accountId: number, f: { from?: string; to?: string; perPage?: number } = {}) {
      const pages = () =>
        fetchPages(
          core,
          {
            path: `/bankaccounts/${accountId}/transactions`,
            query: { startdate: f.from, enddate: f.to },
            subject: `the transactions of bank account ${accountId}`,
            rowLabel: "a bank transaction",
            perPage: f.perPage,
          },
          bankTransactionSchema,
        );
      const key = (t: { Id: number }) => `${accountId}/${t.Id}`;
      return { pages, list: () => uniqueRecords(pages(), key), listAll: () => listAll(pages(), key) };
    },
    metadata: () => getOne(core, "/metadata", "the account summary", metadataSchema),
    /** GET /nextavailable{invoice|purchase}number. */
    nextNumber: (kind: "invoice" | "purchase"): Promise<number> =>
      getOne(core, `/nextavailable${kind}number`, `the next ${kind} number`, nextNumberSchema),
  };
}
export type ReferenceResource = ReturnType<typeof referenceResource>;
