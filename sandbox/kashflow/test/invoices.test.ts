import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysFromNow, emptyBooks, startSandbox, type Client, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

const line = (over: Record<string, unknown> = {}) => ({
  NominalCode: 4000,
  Description: "Work",
  Quantity: 1,
  Rate: 100,
  VATLevel: 20,
  ...over,
});

async function bankAccountId(api: Client): Promise<number> {
  const accounts = await api.get<{ Id: number; IsDefaultAccount: boolean }[]>("/bankaccounts");
  return accounts.find((a) => a.IsDefaultAccount)?.Id ?? 0;
}
async function methodId(api: Client, kind: "invoice" | "purchase"): Promise<number> {
  const methods = await api.get<{ Id: number; Name: string }[]>(`/paymentmethods/${kind}`);
  return methods[0]?.Id ?? 0;
}

describe("creating invoices", () => {
  it("computes line VAT per line (half away from zero) and the totals, with 4-dp wire decimals", async () => {
    const { api } = await emptyBooks(h);
    const res = await api.req("POST", "/invoices", {
      CustomerCode: "CUST01",
      IssuedDate: daysFromNow(-60),
      LineItems: [
        line({ Quantity: 3, Rate: 15, VATLevel: 5 }),
        line({ Quantity: 1, Rate: 0.125, VATLevel: 20 }),
        line({ Quantity: 2, Rate: 10, VATExempt: true, VATLevel: 0 }),
      ],
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    // The wire keeps .NET-style trailing zeros.
    expect(text).toContain('"GrossAmount":67.4100');
    expect(text).toContain('"Quantity":3.0000');
    const inv = JSON.parse(text);
    // 45.00 @5% = 2.25; 0.125 → net 0.13 (half up), VAT 0.026 → 0.03; exempt 20.00
    expect(inv.LineItems.map((l: any) => l.VATAmount)).toEqual([2.25, 0.03, 0]);
    expect(inv).toMatchObject({
      Number: 1,
      NetAmount: 65.13,
      VATAmount: 2.28,
      GrossAmount: 67.41,
      TotalPaidAmount: 0,
      DueAmount: 67.41,
      IssuedDate: `${daysFromNow(-60)} 12:00:00`,
      DueDate: `${daysFromNow(-30)} 12:00:00`,
      CustomerCode: "CUST01",
      CustomerName: "First Customer Ltd",
      Status: "Overdue",
      OverdueDays: 30,
    });
    expect(inv.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(inv.LastUpdatedDate).toBe(inv.CreatedDate);
  });

  it("ignores a client-sent VATAmount unless acceptClientVatAmount is on", async () => {
    const { api } = await emptyBooks(h);
    const a = await api.send("POST", "/invoices", { CustomerCode: "CUST01", LineItems: [line({ VATAmount: 1 })] });
    expect(a.body.VATAmount).toBe(20);
    const { api: api2 } = await emptyBooks(h, { acceptClientVatAmount: true });
    const b = await api2.send("POST", "/invoices", { CustomerCode: "CUST01", LineItems: [line({ VATAmount: 1 })] });
    expect(b.body.VATAmount).toBe(1);
  });

  it("binds case-insensitive property names and ignores unknown ones", async () => {
    const { api } = await emptyBooks(h);
    const r = await api.send("POST", "/invoices", {
      customercode: "cust01",
      issueddate: "2026-02-01T00:00:00+05:30",
      lineitems: [
        { nominalcode: "4000", quantity: "2", rate: "12.5", vatlevel: 20, description: "x", someUnknownField: true },
      ],
      Whatever: 1,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      CustomerCode: "CUST01",
      IssuedDate: "2026-02-01 12:00:00",
      NetAmount: 25,
      GrossAmount: 30,
    });
  });

  it("keeps an explicit unique Number, rejects a duplicate by default and renumbers in renumber mode", async () => {
    const { api } = await emptyBooks(h);
    const first = await api.send("POST", "/invoices", { Number: 5000, CustomerCode: "CUST01", LineItems: [line()] });
    expect(first.status).toBe(201);
    expect(first.body.Number).toBe(5000);
    expect(await api.get("/nextavailableinvoicenumber")).toBe(5001);
    const dupe = await api.send("POST", "/invoices", { Number: 5000, CustomerCode: "CUST01", LineItems: [line()] });
    expect(dupe.status).toBe(400);
    expect(dupe.body).toEqual({ Message: "Invoice number 5000 already exists.", Error: "BadRequest" });
    const { api: api2 } = await emptyBooks(h, { duplicateNumberMode: "renumber" });
    await api2.send("POST", "/invoices", { Number: 7, CustomerCode: "CUST01", LineItems: [line()] });
    const renumbered = await api2.send("POST", "/invoices", { Number: 7, CustomerCode: "CUST01", LineItems: [line()] });
    expect(renumbered.status).toBe(201);
    expect(renumbered.body.Number).toBe(8);
  });

  it("converts foreign-currency documents to GBP by dividing by the exchange rate", async () => {
    const { api } = await emptyBooks(h);
    const r = await api.send("POST", "/purchases", {
      SupplierCode: "SUPP01",
      Currency: { Code: "EUR", ExchangeRate: 2 },
      LineItems: [
        { NominalCode: 5000, Quantity: 3, Rate: 15, VATLevel: 5 },
        { NominalCode: 7100, Quantity: 10, Rate: 12, VATLevel: 20 },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      NetAmount: 165,
      VATAmount: 26.25,
      GrossAmount: 191.25,
      HomeCurrencyGrossAmount: 95.63,
      HomeCurrencyVATAmount: 13.13,
    });
    expect(r.body.Currency).toMatchObject({ Code: "EUR", ExchangeRate: 2 });
    expect(r.body.LineItems[0]).toMatchObject({ HomeCurrencyRate: 7.5 });
  });
});

describe("validation and errors", () => {
  it("answers KashFlow-style 400s for business-rule violations", async () => {
    const { api } = await emptyBooks(h);
    const cases: [unknown, RegExp][] = [
      [{ CustomerCode: "NOPE", LineItems: [line()] }, /Customer with code 'NOPE' does not exist/],
      [{ LineItems: [line()] }, /CustomerCode is required/],
      [{ CustomerCode: "CUST01", LineItems: [line({ VATLevel: 17.5 })] }, /not a configured VAT rate/],
      [{ CustomerCode: "CUST01", LineItems: [line({ NominalCode: 5000 })] }, /not a sales nominal/],
      [{ CustomerCode: "CUST01", LineItems: [line({ NominalCode: 4999 })] }, /nominal code 4999 does not exist/],
      [
        { CustomerCode: "CUST01", LineItems: [line()], PaymentLines: [{ Amount: 10, AccountId: 999 }] },
        /not a bank account/,
      ],
      [
        { CustomerCode: "CUST01", LineItems: [line()], PaymentLines: [{ Amount: 10, Method: 1 }] },
        /not a invoice payment method/,
      ],
      [{ CustomerCode: "CUST01", LineItems: [line({ Quantity: "lots" })] }, /LineItems\[0\]\.Quantity/],
      [{ CustomerCode: "CUST01", IssuedDate: "31/01/2026", LineItems: [line()] }, /IssuedDate/],
    ];
    for (const [body, message] of cases) {
      const r = await api.send("POST", "/invoices", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.Error).toBe("BadRequest");
      expect(r.body.Message).toMatch(message);
    }
    expect((await api.get("/metadata")).TotalInvoiceCount).toBe(0);
  });

  it("answers 400 for malformed JSON and 404 with a body for unknown keys and routes", async () => {
    const { api } = await emptyBooks(h);
    const bad = await api.send("POST", "/invoices", "{not json");
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ Message: expect.stringContaining("not valid JSON"), Error: "BadRequest" });
    const missing = await api.send("GET", "/invoices/424242");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ Message: "Invoice with number 424242 was not found.", Error: "NotFound" });
    expect((await api.send("GET", "/customers/NOBODY")).status).toBe(404);
    expect((await api.send("GET", "/bankaccounts/99")).status).toBe(404);
    const route = await api.send("GET", "/no-such-thing");
    expect(route.status).toBe(404);
    expect(route.body.Error).toBe("NotFound");
  });
});

describe("payments and statuses", () => {
  it("moves Unpaid → part paid → Paid → Overpaid as payment lines are added, and mirrors them in the bank", async () => {
    const { api } = await emptyBooks(h);
    const bank = await bankAccountId(api);
    const method = await methodId(api, "invoice");
    const created = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      IssuedDate: daysFromNow(-1),
      LineItems: [line()],
    });
    expect(created.body).toMatchObject({ Status: "Unpaid", DueAmount: 120, PaidDate: null, LastPaymentDate: null });
    const n = created.body.Number;

    let inv = created.body;
    const addPayment = async (amount: number, date: string) => {
      const r = await api.send("PUT", `/invoices/${n}`, {
        ...inv,
        PaymentLines: [
          ...inv.PaymentLines.map((p: any) => ({ Id: p.Id })),
          { Amount: amount, Date: date, Method: method, AccountId: bank },
        ],
      });
      expect(r.status).toBe(200);
      inv = r.body;
      return inv;
    };
    await addPayment(50, daysFromNow(0));
    expect(inv).toMatchObject({ Status: "Unpaid", TotalPaidAmount: 50, DueAmount: 70, PaidDate: null });
    const firstPaymentId = inv.PaymentLines[0].Id;
    await addPayment(70, daysFromNow(0));
    expect(inv).toMatchObject({ Status: "Paid", TotalPaidAmount: 120, DueAmount: 0 });
    expect(inv.PaidDate).toMatch(/ 12:00:00$/);
    expect(inv.PaymentLines[0].Id).toBe(firstPaymentId);
    await addPayment(5, daysFromNow(0));
    expect(inv).toMatchObject({ Status: "Overpaid", DueAmount: -5 });
    expect(inv.PaymentLines.every((p: any) => "BankReconciliationId" in p)).toBe(true);

    const feed = await api.get(`/bankaccounts/${bank}/transactions?perpage=100`);
    const mine = feed.Data.filter((t: any) => t.ResourceNumber === n);
    expect(mine.map((t: any) => t.PaidIn).sort()).toEqual([5, 50, 70]);
    expect(mine.every((t: any) => t.TransactionType === 1 && t.CustomerCode === "CUST01")).toBe(true);

    // Dropping a payment line (full replacement) removes its bank transaction too.
    const r = await api.send("PUT", `/invoices/${n}`, {
      ...inv,
      PaymentLines: inv.PaymentLines.slice(0, 2).map((p: any) => ({ Id: p.Id })),
    });
    expect(r.body).toMatchObject({ Status: "Paid", TotalPaidAmount: 120 });
    const after = await api.get(`/bankaccounts/${bank}/transactions?perpage=100`);
    expect(after.Data.filter((t: any) => t.ResourceNumber === n)).toHaveLength(2);
  });

  it("reports Overdue with OverdueDays, and NA for a zero-value invoice", async () => {
    const { api } = await emptyBooks(h);
    const overdue = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      IssuedDate: daysFromNow(-40),
      DueDate: daysFromNow(-10),
      LineItems: [line()],
    });
    expect(overdue.body).toMatchObject({ Status: "Overdue", OverdueDays: 10 });
    const zero = await api.send("POST", "/invoices", { CustomerCode: "CUST01", LineItems: [line({ Rate: 0 })] });
    expect(zero.body).toMatchObject({ Status: "NA", GrossAmount: 0 });
  });

  it("clears omitted arrays on PUT in full-replacement mode and keeps them when it is off", async () => {
    const { api } = await emptyBooks(h);
    const inv = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      LineItems: [line(), line({ Rate: 50 })],
    });
    const cleared = await api.send("PUT", `/invoices/${inv.body.Number}`, { CustomerReference: "PO-1" });
    expect(cleared.body.LineItems).toEqual([]);
    expect(cleared.body.GrossAmount).toBe(0);
    const { api: api2 } = await emptyBooks(h, { putReplacesInvoiceArrays: false });
    const inv2 = await api2.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      LineItems: [line(), line({ Rate: 50 })],
    });
    const kept = await api2.send("PUT", `/invoices/${inv2.body.Number}`, { CustomerReference: "PO-1" });
    expect(kept.body.LineItems).toHaveLength(2);
    expect(kept.body).toMatchObject({ GrossAmount: 180, CustomerReference: "PO-1" });
  });

  it("renumbers on PUT with a new Number (201) and keeps LastUpdatedDate current", async () => {
    const { api } = await emptyBooks(h);
    const inv = await api.send("POST", "/invoices", { CustomerCode: "CUST01", LineItems: [line()] });
    const moved = await api.send("PUT", `/invoices/${inv.body.Number}`, { ...inv.body, Number: 900 });
    expect(moved.status).toBe(201);
    expect(moved.body.Number).toBe(900);
    expect((await api.send("GET", `/invoices/${inv.body.Number}`)).status).toBe(404);
    expect((await api.send("GET", "/invoices/900")).status).toBe(200);
  });

  it("treats negative lines as a credit note and applies it with a hidden bulk-payment pair", async () => {
    const { api } = await emptyBooks(h);
    const invoice = await api.send("POST", "/invoices", { CustomerCode: "CUST01", LineItems: [line()] });
    const note = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      LineItems: [line({ Quantity: -1, Rate: 50 })],
    });
    expect(note.body).toMatchObject({ GrossAmount: -60, Type: "CreditNote", Status: "Unpaid" });
    const applied = await api.send("POST", `/internal/invoices/${invoice.body.Number}/credits`, {
      Id: note.body.Number,
      Amount: 60,
      Type: "CreditNote",
    });
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ TotalPaidAmount: 60, DueAmount: 60 });
    expect(applied.body.PaymentLines[0]).toMatchObject({ IsPaymentCreditNote: true, Amount: 60 });
    expect((await api.get(`/invoices/${note.body.Number}`)).Status).toBe("Paid");
    const bank = await bankAccountId(api);
    expect((await api.get(`/bankaccounts/${bank}/transactions`)).MetaData.TotalRecords).toBe(0);
    expect((await api.get(`/bankaccounts/${bank}/transactions?includebulk=true`)).MetaData.TotalRecords).toBe(2);
  });

  it("refuses to edit documents in a filed VAT return or before the lock date", async () => {
    const { acc, api } = await emptyBooks(h);
    const inv = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      IssuedDate: "2025-12-01",
      LineItems: [line()],
    });
    await h.adminJson("POST", `/accounts/${acc.AccountId}/vatreturn`, { UpToDate: "2025-12-31" });
    const edit = await api.send("PUT", `/invoices/${inv.body.Number}`, { ...inv.body, CustomerReference: "late" });
    expect(edit.status).toBe(400);
    expect(edit.body.Error).toBe("TransactionLocked");
    expect((await api.send("DELETE", `/invoices/${inv.body.Number}`)).status).toBe(400);
    await h.adminJson("PATCH", `/accounts/${acc.AccountId}`, { TransactionLockDate: "2026-01-31" });
    const early = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      IssuedDate: "2026-01-15",
      LineItems: [line()],
    });
    expect(early.status).toBe(400);
  });
});

describe("stock", () => {
  it("decrements stock on sales lines, restores it on delete, and increments on linked purchases", async () => {
    const { api } = await emptyBooks(h);
    const p = await api.send("POST", "/products", {
      Code: "BOLT",
      NominalCode: 4000,
      Name: "Bolt",
      Price: 2.5,
      ManageStockLevel: true,
      QuantityInStock: 100,
      PurchaseNominalCode: 5000,
    });
    expect(p.status).toBe(201);
    const inv = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      LineItems: [{ NominalCode: 4000, ProductCode: "bolt", Quantity: 30 }],
    });
    expect(inv.body.LineItems[0]).toMatchObject({ ProductCode: "BOLT", Rate: 2.5, ProductName: "Bolt" });
    expect((await api.get("/products/4000/BOLT")).QuantityInStock).toBe(70);
    await api.send("POST", "/purchases", {
      SupplierCode: "SUPP01",
      LineItems: [{ NominalCode: 5000, ProductCode: "BOLT", Quantity: 25, Rate: 1 }],
    });
    expect((await api.get("/products/4000/BOLT")).QuantityInStock).toBe(95);
    expect((await api.send("DELETE", `/invoices/${inv.body.Number}`)).status).toBe(204);
    expect((await api.get("/products/4000/BOLT")).QuantityInStock).toBe(125);
  });
});
