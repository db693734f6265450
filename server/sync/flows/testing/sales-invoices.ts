// Test support for the sales-invoice flow: a company on the flows harness (empty KashFlow books, the demo Sage 100
// company ABC) with the mappings and FX rates the tests' invoices need, and small builders for customers and
// invoices created in the KashFlow sandbox over its API.
import { db } from "@/server/db";
import type { KfLineInput } from "@/server/integrations/kashflow/schemas/payloads";
import { saveFxRates } from "../../mappings/fx";
import { saveMapping } from "../../mappings/save-mapping";
import type { MappingKind } from "../../mappings/kinds";
import { parseSyncSettings, saveSyncSettings } from "../../settings";
import { SALES_INVOICES_FLOW_ID } from "../sales-invoices/flow";
import { ADMIN_KEY, connectCompany, sageTable, type Company, type Harness } from "./harness";

/** Master data both ways (Sage's seeded vendors and items come through the change feed too), then sales invoices. */
export const SALES_FLOWS = [
  "customers.kashflow_to_sage100",
  "customers.sage100_to_kashflow",
  "suppliers.kashflow_to_sage100",
  "suppliers.sage100_to_kashflow",
  "items.kashflow_to_sage100",
  "items.sage100_to_kashflow",
  SALES_INVOICES_FLOW_ID,
] as const;

export const MAPPINGS: [MappingKind, string, string][] = [
  ["nominal_to_gl", "4000", "4000-00"],
  ["nominal_to_gl", "4010", "4010-00"],
  ["nominal_to_gl", "2200", "2200-00"],
  ["nominal_to_gl", "1100", "1200-00"],
  ["vat_to_tax_class", "20", "TX"],
  ["vat_to_tax_class", "0", "NT"],
  ["vat_to_tax_class", "EXEMPT", "NT"],
];
export const GBP_USD = "1.2712";
export const EUR_USD = "1.0815";

const days = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000)
    out.push(new Date(d).toISOString().slice(0, 10));
  return out;
};

type SettingsPatch = { mode?: "detail" | "summary"; redate?: boolean };

/** A connected company ready for sales invoices: mappings (5% VAT left out on purpose), GBP and EUR rates for Q1 2025. */
export async function salesCompany(
  h: Harness,
  o: SettingsPatch & { mappings?: typeof MAPPINGS } = {},
): Promise<Company> {
  const c = await connectCompany(h, { account: { DataSet: "empty" } });
  await setSalesSettings(c, o);
  const who = { orgId: c.tenant.org.id, companyId: c.companyId, userId: c.tenant.owner.id };
  for (const [kind, sourceKey, targetValue] of o.mappings ?? MAPPINGS)
    await saveMapping({ ...who, kind, sourceKey, targetValue });
  const rates = days("2025-01-01", "2025-03-31").flatMap((day) => [
    { fromCurrency: "GBP", toCurrency: "USD", day, rate: GBP_USD },
    { fromCurrency: "EUR", toCurrency: "USD", day, rate: EUR_USD },
  ]);
  await saveFxRates({ ...who, rates, source: "csv" });
  return c;
}

export async function setSalesSettings(c: Company, o: SettingsPatch): Promise<void> {
  await saveSyncSettings(
    c.companyId,
    parseSyncSettings({
      salesInvoices: { startDate: "2025-01-01", mode: o.mode ?? "detail" },
      sage100: { redateClosedPeriod: o.redate ?? false },
    }),
  );
}

export const line = (o: {
  nominal?: number;
  description?: string;
  quantity?: number;
  rate: number;
  vat?: number;
  exempt?: boolean;
  product?: string;
}): KfLineInput => ({
  Description: o.description ?? "Consulting",
  Quantity: o.quantity ?? 1,
  Rate: o.rate,
  VATLevel: o.vat ?? 20,
  ...(o.exempt ? { VATExempt: true } : {}),
  NominalCode: o.nominal ?? 4000,
  ...(o.product ? { ProductCode: o.product } : {}),
});

export async function kashflowCustomer(c: Company, code: string, name = `${code} Trading Ltd`): Promise<string> {
  await c.kashflowClient.customers.create({ Code: code, Name: name });
  return code;
}

export async function kashflowInvoice(
  c: Company,
  o: {
    customer: string;
    date: string;
    lines: KfLineInput[];
    currency?: { Code: string; ExchangeRate: number };
    reference?: string;
  },
): Promise<number> {
  const created = await c.kashflowClient.invoices.create({
    CustomerCode: o.customer,
    IssuedDate: `${o.date} 12:00:00`,
    LineItems: o.lines,
    ...(o.currency ? { Currency: o.currency } : {}),
    ...(o.reference ? { CustomerReference: o.reference } : {}),
  });
  return created.Number;
}

/** KashFlow's credit application (a bulk-payment pair): the sandbox's internal route, called with a session. */
export async function applyCreditNote(
  h: Harness,
  c: Company,
  o: { invoice: number; creditNote: number; amount: number },
): Promise<void> {
  const session = (await (
    await fetch(`${h.url}/admin/accounts/${c.account.AccountId}/sessions`, {
      method: "POST",
      headers: { "X-Admin-Key": ADMIN_KEY },
    })
  ).json()) as { SessionToken: string };
  const res = await fetch(`${h.url}/v2/internal/invoices/${o.invoice}/credits`, {
    method: "POST",
    headers: { Authorization: `KfToken ${session.SessionToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ Id: o.creditNote, Amount: o.amount, Type: "CreditNote" }),
  });
  if (res.status !== 201) throw new Error(`credit application: ${res.status} ${await res.text()}`);
}

export const syncSales = (c: Company, o: { maxCycles?: number } = {}) => c.settle({ flowIds: SALES_FLOWS, ...o });

export const salesRecord = (c: Company, number: number | string) =>
  db.syncRecord.findUniqueOrThrow({
    where: {
      companyId_system_model_externalId: {
        companyId: c.companyId,
        system: "KASHFLOW",
        model: "sales_invoice",
        externalId: String(number),
      },
    },
  });

export const sageSide = (c: Company, key: string) =>
  db.syncRecord.findUnique({
    where: {
      companyId_system_model_externalId: {
        companyId: c.companyId,
        system: "SAGE100",
        model: "sales_invoice",
        externalId: key,
      },
    },
  });

export const sageRows = (c: Company, table: string, where: Record<string, unknown> = {}) =>
  sageTable(c.sim, table).filter((r) => Object.entries(where).every(([k, v]) => r[k] === v));

export const kfNo = (n: number) => `K${String(n).padStart(6, "0")}`;
