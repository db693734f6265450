// Reference data the sync looks things up in: nominals, VAT rates, currencies, payment methods, bank accounts
// and transactions, metadata, next document numbers.
import type { z } from "zod";
import type { ClientCore } from "../client-core";
import { schemaError } from "../errors";
import { parseJson } from "../http";
import { fetchPages, listAll, parseRows, readEnvelope, uniqueRecords } from "../paging";
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
import { z as zod } from "zod";

/** Endpoints documented as bare arrays, though some answer with an envelope (§3.4): accept both, one page. */
async function bareList<T>(
  core: ClientCore,
  path: string,
  query: Record<string, string | boolean | undefined>,
  subject: string,
  rowLabel: string,
  schema: z.ZodType<T>,
): Promise<T[]> {
  return core.http.call({ method: "GET", path, query, action: "reading", subject }, (res, ctx) => {
    const body = parseJson(res, ctx);
    const env = readEnvelope(body);
    if (!env)
      throw schemaError(
        ctx,
        new zod.ZodError([{ code: "custom", path: [], message: "expected a list", input: body }]),
        subject,
      );
    return parseRows(env.rows, schema, ctx, rowLabel);
  });
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
      ),
    vatRates: (): Promise<KfVatRate[]> =>
      bareList(core, "/vat/settings/vatrates", {}, "the VAT rates", "a VAT rate", vatRateSchema),
    currencies: (): Promise<KfCurrency[]> =>
      bareList(core, "/currencies", {}, "the currencies", "a currency", currencySchema),
    paymentMethods: (kind: "invoice" | "purchase"): Promise<KfPaymentMethod[]> =>
      bareList(
        core,
        `/paymentmethods/${kind}`,
        {},
        `the ${kind} payment methods`,
        "a payment method",
        paymentMethodSchema,
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
