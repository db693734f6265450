// Mappers against fixtures captured from the sandbox (fixtures/*.json, see fixtures/capture.ts): exact money,
// credit notes, foreign currency, statuses, tolerant payloads, and canonical → KashFlow payloads.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { partySchema, salesInvoiceSchema, type SalesInvoice } from "@/server/domain/canonical";
import {
  customerToParty,
  invoiceToSalesInvoice,
  itemToProductInput,
  partyHash,
  partyToCustomerInput,
  partyToSupplierInput,
  paymentToPaymentInput,
  productToItem,
  productToStockLevel,
  purchaseInvoiceToInput,
  purchaseToPurchaseInvoice,
  salesInvoiceToInput,
  supplierToParty,
} from "../mappers";
import { readEnvelope } from "../paging";
import { customerSchema } from "../schemas/customer";
import { invoiceSchema, purchaseSchema } from "../schemas/document";
import { productSchema } from "../schemas/product";
import { supplierSchema } from "../schemas/supplier";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "fixtures", `${name}.json`), "utf8"));
const invoice = (name: string) => invoiceToSalesInvoice(invoiceSchema.parse(fixture(name)));
const purchase = (name: string) => purchaseToPurchaseInvoice(purchaseSchema.parse(fixture(name)));
const gbp = (amountMinor: number) => ({ amountMinor, currency: "GBP" });
const eur = (amountMinor: number) => ({ amountMinor, currency: "EUR" });

describe("invoice → SalesInvoice", () => {
  it("a paid GBP invoice: lines, VAT per line, totals and the payment in pence", () => {
    const inv = invoice("invoice-1-paid");
    expect(inv).toMatchObject({
      kind: "sales_invoice",
      number: "1",
      customerCode: "GRA01",
      customerReference: "PO-65851",
      issueDate: "2025-11-10",
      dueDate: "2025-12-10",
      currency: "GBP",
      exchangeRate: "1",
      isCreditNote: false,
      status: "paid",
      totals: { net: gbp(70750), tax: gbp(6995), gross: gbp(77745) },
      balance: { paid: gbp(77745), due: gbp(0) },
    });
    expect(
      inv.lines.map((l) => [
        l.quantity,
        l.unitPrice,
        l.net.amountMinor,
        l.tax.rate,
        l.tax.amount.amountMinor,
        l.accountCode,
        l.itemCode,
      ]),
    ).toEqual([
      ["1.5", "140", 21000, "5", 1050, "4010", null],
      ["3", "89", 26700, "5", 1335, "4000", "CHILD-SEAT"],
      ["1", "230.5", 23050, "20", 4610, "4000", null],
    ]);
    expect(inv.lines.reduce((t, l) => t + l.net.amountMinor, 0)).toBe(inv.totals.net.amountMinor);
    expect(inv.payments).toEqual([
      {
        id: "2",
        direction: "received",
        date: "2025-11-14",
        amount: gbp(77745),
        methodId: "409847",
        bankAccountId: "2",
        reference: "RCPT9",
        note: null,
        isCreditApplication: false,
        allocations: [{ documentType: "sales_invoice", documentNumber: "1", amount: gbp(77745) }],
      },
    ]);
    expect(salesInvoiceSchema.safeParse(inv).success).toBe(true);
  });

  it("a credit note: negative lines and totals, exempt line without a rate", () => {
    const inv = invoice("invoice-3-credit-note");
    expect(inv.isCreditNote).toBe(true);
    expect(inv.totals).toEqual({ net: gbp(-480000), tax: gbp(-78000), gross: gbp(-558000) });
    expect(inv.lines[1]).toMatchObject({
      quantity: "-3",
      unitPrice: "300",
      net: gbp(-90000),
      tax: { rate: null, exempt: true, amount: gbp(0) },
    });
    expect(inv.payments[0]?.amount).toEqual(gbp(-558000));
  });

  it("a EUR invoice: document totals in EUR, payments and home totals in GBP", () => {
    const inv = invoice("invoice-30-eur-paid");
    expect(inv).toMatchObject({
      currency: "EUR",
      exchangeRate: "1.17",
      totals: { net: eur(228896), tax: eur(5700), gross: eur(234596) },
      homeTotals: { gross: gbp(200509) },
      balance: { paid: gbp(200509), due: gbp(0) },
      status: "paid",
    });
    expect(inv.lines[0]).toMatchObject({ quantity: "4", unitPrice: "500.99", net: eur(200396) });
  });

  it("statuses: part-paid overdue, overpaid, zero value", () => {
    expect(invoice("invoice-18-part-paid")).toMatchObject({
      status: "overdue",
      balance: { paid: gbp(40417), due: gbp(40417) },
    });
    expect(invoice("invoice-23-overpaid")).toMatchObject({
      status: "overpaid",
      balance: { paid: gbp(258624), due: gbp(-1000) },
    });
    expect(invoice("invoice-12-zero-value")).toMatchObject({ status: "zero_value", totals: { gross: gbp(0) } });
  });

  it("field noise (dropped optional fields, unknown extras) reads the same", () => {
    expect(invoice("invoice-1-field-noise")).toEqual(invoice("invoice-1-paid"));
    expect(purchase("purchase-1-field-noise")).toEqual(purchase("purchase-1-paid"));
  });

  it("a list summary is refused: the mapper needs the full document", () => {
    const summary = readEnvelope(fixture("invoices-page-1"))!.rows[0];
    expect(() => invoiceToSalesInvoice(invoiceSchema.parse(summary))).toThrow(/full invoice 1/);
  });
});

/** A captured payload with fields removed or replaced, as other KashFlow accounts send it (§10.4: fields come and go). */
const reshaped = (name: string, drop: string[], over: Record<string, unknown> = {}) => {
  const raw = { ...(fixture(name) as Record<string, unknown>), ...over };
  for (const k of drop) delete raw[k];
  return raw;
};
const aud = (amountMinor: number) => ({ amountMinor, currency: "AUD" });

describe("home-currency amounts KashFlow leaves out are derived from the rate (§8.4)", () => {
  it("a EUR invoice without its Home* fields: VAT and gross ÷ rate, not the EUR figures", () => {
    const inv = invoiceToSalesInvoice(
      invoiceSchema.parse(reshaped("invoice-30-eur-paid", ["HomeCurrencyVATAmount", "HomeCurrencyGrossAmount"])),
    );
    // 57.00 EUR ÷ 1.17 = 48.717… → 48.72 GBP; 2,345.96 ÷ 1.17 = 2,005.094… → 2,005.09 (what KashFlow itself sends).
    expect(inv.homeTotals).toMatchObject({ tax: gbp(4872), gross: gbp(200509) });
    expect(inv).toEqual(invoice("invoice-30-eur-paid"));
  });

  it("the spec's AUD purchase at 2.0000: 6.08 VAT is 3.04 GBP, 195.08 gross is 97.54", () => {
    const p = purchaseToPurchaseInvoice(
      purchaseSchema.parse(
        reshaped("purchase-5-eur", ["HomeCurrencyVATAmount", "HomeCurrencyGrossAmount", "HomeCurrencyNetAmount"], {
          Currency: { Code: "AUD", ExchangeRate: 2.0 },
          NetAmount: 189.0,
          VATAmount: 6.08,
          GrossAmount: 195.08,
        }),
      ),
    );
    expect(p.totals).toMatchObject({ tax: aud(608), gross: aud(19508) });
    expect(p.homeTotals).toMatchObject({ tax: gbp(304), gross: gbp(9754) });
  });

  it("halves round away from zero on exact decimals where floating point gets the penny wrong", () => {
    const at = (vat: number, gross: number) =>
      invoiceToSalesInvoice(
        invoiceSchema.parse(
          reshaped("invoice-30-eur-paid", ["HomeCurrencyVATAmount", "HomeCurrencyGrossAmount", "DueAmount"], {
            Currency: { Code: "EUR", ExchangeRate: 2.0 },
            VATAmount: vat,
            GrossAmount: gross,
            TotalPaidAmount: 0,
            Status: "Unpaid",
          }),
        ),
      ).homeTotals;
    // 2.01 ÷ 2 = 1.005 exactly (as a double 1.00499…: Math.round gives 1.00); 1.15 ÷ 2 = 0.575.
    expect(at(2.01, 10.05)).toMatchObject({ tax: gbp(101), gross: gbp(503) });
    expect(at(1.15, 4.15)).toMatchObject({ tax: gbp(58), gross: gbp(208) });
    // A credit note: −1.005 → −1.01, away from zero.
    expect(at(-2.01, -10.05)).toMatchObject({ tax: gbp(-101), gross: gbp(-503) });
  });

  it("a foreign document without a rate or home figures is our bug to see, never the EUR figures posted as GBP", () => {
    const raw = reshaped("invoice-30-eur-paid", ["HomeCurrencyVATAmount"], { Currency: { Code: "EUR" } });
    expect(() => invoiceToSalesInvoice(invoiceSchema.parse(raw))).toThrow(/without its VAT in GBP or an exchange rate/);
  });
});

describe("balance.due without DueAmount is total − paid", () => {
  it("an unpaid GBP invoice is due in full; a part-paid one owes the rest", () => {
    const unpaid = invoiceToSalesInvoice(
      invoiceSchema.parse(
        reshaped("invoice-18-part-paid", ["DueAmount"], { TotalPaidAmount: 0, PaymentLines: [], Status: "Unpaid" }),
      ),
    );
    expect(unpaid.balance).toEqual({ paid: gbp(0), due: gbp(80834) });
    const part = invoiceToSalesInvoice(invoiceSchema.parse(reshaped("invoice-18-part-paid", ["DueAmount"])));
    expect(part.balance).toEqual({ paid: gbp(40417), due: gbp(40417) });
  });

  it("a EUR invoice: due in GBP (home gross − GBP paid), or in EUR where DueAmount is read as the document's", () => {
    const raw = () =>
      invoiceSchema.parse(
        reshaped("invoice-30-eur-paid", ["DueAmount", "HomeCurrencyGrossAmount"], {
          TotalPaidAmount: 1000,
          PaymentLines: [],
          Status: "Unpaid",
        }),
      );
    // 2,345.96 EUR ÷ 1.17 = 2,005.09 GBP, less 1,000.00 paid.
    expect(invoiceToSalesInvoice(raw()).balance).toEqual({ paid: gbp(100000), due: gbp(100509) });
    // 1,000.00 GBP × 1.17 = 1,170.00 EUR paid of 2,345.96.
    expect(invoiceToSalesInvoice(raw(), { dueAmountCurrency: "document" }).balance).toEqual({
      paid: gbp(100000),
      due: eur(117596),
    });
  });
});

describe("purchase → PurchaseInvoice", () => {
  it("an expense, part paid", () => {
    expect(purchase("purchase-2-expense-part-paid")).toMatchObject({
      kind: "purchase_invoice",
      supplierCode: "CRO01",
      purchaseType: "expense",
      totals: { net: gbp(103845), tax: gbp(7554), gross: gbp(111399) },
      balance: { paid: gbp(55700), due: gbp(55699) },
      payments: [
        {
          direction: "paid",
          amount: gbp(55700),
          allocations: [{ documentType: "purchase_invoice", documentNumber: "2", amount: gbp(55700) }],
        },
      ],
    });
  });

  it("a EUR purchase", () => {
    expect(purchase("purchase-5-eur")).toMatchObject({
      currency: "EUR",
      totals: { gross: eur(108240) },
      balance: { paid: gbp(92513) },
    });
  });
});

describe("parties and items", () => {
  it("customer: VAT number, address, contacts, terms; balances stay out of the hash", () => {
    const raw = fixture("customer-NOR01") as Record<string, unknown>;
    const party = customerToParty(customerSchema.parse(raw));
    expect(party).toMatchObject({
      kind: "customer",
      code: "NOR01",
      name: "Northern Bakery Ltd",
      currency: "GBP",
      vatNumber: "GB540229505",
      billingAddress: { name: null, lines: ["101 Mill Lane", "Manchester"], postCode: "M3 4FE", countryCode: "GB" },
      paymentTerms: { basis: "after_issue_date", days: 30 },
      defaultAccountCode: "4000",
      contacts: [
        expect.objectContaining({
          firstName: "Grace",
          lastName: "Clarke",
          email: "grace@northernbakery.co.uk",
          isPrimary: true,
        }),
      ],
    });
    expect(partySchema.safeParse(party).success).toBe(true);
    const richer = customerToParty(
      customerSchema.parse({
        ...raw,
        OutstandingBalance: 1,
        TotalPaidAmount: 2,
        InvoiceCount: 99,
        LastUpdatedDate: "2027-01-01 00:00:00",
      }),
    );
    expect(partyHash(richer)).toBe(partyHash(party));
    expect(partyHash(customerToParty(customerSchema.parse({ ...raw, Name: "Other" })))).not.toBe(partyHash(party));
  });

  it("supplier: VatNumber spelling, single Address", () => {
    const party = supplierToParty(supplierSchema.parse(fixture("supplier-NOR01")));
    expect(party).toMatchObject({
      kind: "supplier",
      code: "NOR01",
      vatNumber: "GB239961009",
      defaultAccountCode: "5010",
      billingAddress: { postCode: "G6 9RP" },
    });
    expect(partyToSupplierInput(party)).toMatchObject({
      Code: "NOR01",
      VatNumber: "GB239961009",
      Address: { Line1: "157 Station Road", PostCode: "G6 9RP", CountryCode: "GB" },
    });
  });

  it("a EUR customer keeps its currency", () => {
    expect(customerToParty(customerSchema.parse(fixture("customer-HAR01-eur")))).toMatchObject({
      currency: "EUR",
      vatNumber: null,
      billingAddress: { countryCode: "IE" },
    });
  });

  it("products: items keyed under their nominal, stock only where managed", () => {
    const products = readEnvelope(fixture("products-list"))!.rows.map((r) => productSchema.parse(r));
    const items = products.map((p) => productToItem(p));
    expect(items.filter((i) => i.code === "CONSULT").map((i) => i.salesAccountCode)).toEqual(["4000", "4010"]);
    expect(items.find((i) => i.code === "WIDGET-B")).toMatchObject({
      isStockTracked: true,
      quantityOnHand: "122.5",
      unitPrice: expect.any(String),
    });
    expect(items.find((i) => i.code === "TRAINING")).toMatchObject({
      vatExempt: true,
      vatRate: null,
      quantityOnHand: null,
    });
    const asOf = new Date("2026-03-31T12:00:00Z");
    expect(productToStockLevel(products.find((p) => p.Code === "WIDGET-A")!, asOf)).toEqual({
      itemCode: "WIDGET-A",
      accountCode: "4000",
      warehouseCode: null,
      quantityOnHand: "543",
      asOf: "2026-03-31T12:00:00",
    });
    expect(productToStockLevel(products.find((p) => p.Code === "BOOK-UK")!, asOf)).toBeNull();
    expect(itemToProductInput(items.find((i) => i.code === "WIDGET-B")!)).toMatchObject({
      Code: "WIDGET-B",
      NominalCode: 4000,
      ManageStockLevel: true,
      QuantityInStock: 122.5,
    });
  });
});

describe("canonical → KashFlow payloads", () => {
  it("an invoice payload carries exact decimals, noon dates and nominal codes as numbers", () => {
    const inv = invoice("invoice-1-paid");
    const payload = salesInvoiceToInput(inv);
    expect(payload).toEqual({
      Number: 1,
      CustomerCode: "GRA01",
      CustomerReference: "PO-65851",
      IssuedDate: "2025-11-10 12:00:00",
      DueDate: "2025-12-10 12:00:00",
      Currency: { Code: "GBP", ExchangeRate: 1 },
      Address: {
        Line1: "36 Victoria Road",
        Line2: "Edinburgh",
        Line3: null,
        Line4: null,
        PostCode: "EH2 1UJ",
        CountryCode: "GB",
      },
      LineItems: [
        {
          Number: 1,
          Description: "Site visit",
          Quantity: 1.5,
          Rate: 140,
          VATLevel: 5,
          VATExempt: false,
          NominalCode: 4010,
        },
        {
          Number: 2,
          Description: "Child car seat",
          Quantity: 3,
          Rate: 89,
          VATLevel: 5,
          VATExempt: false,
          NominalCode: 4000,
          ProductCode: "CHILD-SEAT",
        },
        {
          Number: 3,
          Description: "Site visit",
          Quantity: 1,
          Rate: 230.5,
          VATLevel: 20,
          VATExempt: false,
          NominalCode: 4000,
        },
      ],
    });
    expect(
      JSON.stringify(
        salesInvoiceToInput({ ...inv, lines: [{ ...inv.lines[0]!, unitPrice: "0.1", quantity: "3" }] }).LineItems[0],
      ),
    ).toContain('"Rate":0.1,');
    expect(salesInvoiceToInput(inv, { includePayments: true }).PaymentLines).toEqual([
      { Id: 2, Date: "2025-11-14 12:00:00", Amount: 777.45, Method: 409847, AccountId: 2, Reference: "RCPT9" },
    ]);
  });

  it("a purchase payload names supplier, reference and type", () => {
    expect(purchaseInvoiceToInput(purchase("purchase-2-expense-part-paid"))).toMatchObject({
      Number: 2,
      SupplierCode: "CRO01",
      Type: "Expense",
      LineItems: [{ NominalCode: 7502 }, { NominalCode: 5000 }],
    });
  });

  it("what cannot be expressed in KashFlow needs the person, naming the field", () => {
    const inv: SalesInvoice = invoice("invoice-1-paid");
    expect(() => salesInvoiceToInput({ ...inv, number: "INV-1" })).toThrow(
      expect.objectContaining({ retryClass: "NEEDS_USER", fieldErrors: { number: [expect.any(String)] } }),
    );
    expect(() => salesInvoiceToInput({ ...inv, lines: [{ ...inv.lines[0]!, accountCode: "SALES" }] })).toThrow(
      expect.objectContaining({ retryClass: "NEEDS_USER", reason: "InvalidNominalCode" }),
    );
    expect(() => paymentToPaymentInput({ ...inv.payments[0]!, methodId: null })).toThrow(
      expect.objectContaining({ retryClass: "NEEDS_USER", reason: "MissingPaymentMethod" }),
    );
  });

  it("customer payload round-trips through the canonical party", () => {
    const party = customerToParty(customerSchema.parse(fixture("customer-NOR01")));
    const payload = partyToCustomerInput(party);
    expect(payload).toMatchObject({
      Code: "NOR01",
      VATNumber: "GB540229505",
      PaymentTerms: { Type: "AfterIssuedDate", Days: 30 },
      DefaultNominalCode: 4000,
    });
    // Reading our own payload back (as KashFlow would echo it) gives the same party.
    const echoed = customerToParty(
      customerSchema.parse({ ...payload, CreatedDate: party.createdAt, LastUpdatedDate: party.updatedAt }),
    );
    expect(echoed).toEqual(party);
  });
});
