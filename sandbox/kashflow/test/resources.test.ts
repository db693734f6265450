import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createAccount, emptyBooks, login, startSandbox, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

describe("customers and suppliers", () => {
  it("creates with 201, rejects duplicate codes unless asked to generate one, and renames with 201", async () => {
    const { api } = await emptyBooks(h);
    const created = await api.send("POST", "/customers", {
      code: "ACME01",
      name: "Acme Ltd",
      contacts: [{ firstname: "Ada", lastname: "Lovelace", email: "ada@acme.test" }],
      addresses: [{ line1: "1 Road", postcode: "M1 1AA", countrycode: "gb" }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      Code: "ACME01",
      Name: "Acme Ltd",
      OutstandingBalance: 0,
      FirstInvoiceDate: "1900-01-01 12:00:00",
    });
    expect(created.body.Contacts[0]).toMatchObject({
      Firstname: "Ada",
      LastName: "Lovelace",
      Email: "ada@acme.test",
      IsPrimary: true,
    });
    expect(created.body.Addresses[0]).toMatchObject({ CountryCode: "GB", CountryName: "United Kingdom" });

    const dupe = await api.send("POST", "/customers", { Code: "acme01", Name: "Other" });
    expect(dupe.status).toBe(400);
    expect(dupe.body.Error).toBe("BadRequest");
    const generated = await api.send("POST", "/customers", {
      Code: "ACME01",
      Name: "Other",
      CreateCustomerCodeIfDuplicate: true,
    });
    expect(generated.status).toBe(201);
    expect(generated.body.Code).not.toBe("ACME01");
    expect((await api.send("POST", "/customers", { Code: "NONAME" })).status).toBe(400);

    await api.send("POST", "/invoices", {
      CustomerCode: "ACME01",
      LineItems: [{ NominalCode: 4000, Quantity: 1, Rate: 10, VATLevel: 20 }],
    });
    const renamed = await api.send("PUT", "/customers/ACME01", { Code: "ACME02", Name: "Acme Renamed Ltd" });
    expect(renamed.status).toBe(201);
    expect(renamed.body).toMatchObject({ Code: "ACME02", InvoiceCount: 1, OutstandingBalance: 12 });
    const invoices = await api.get("/invoices?customercode=ACME02");
    expect(invoices.Data[0]).toMatchObject({ CustomerCode: "ACME02", CustomerName: "Acme Renamed Ltd" });
    const same = await api.send("PUT", "/customers/acme02", { Note: "VIP" });
    expect(same.status).toBe(200);
    expect(same.body.Note).toBe("VIP");
  });

  it("cascades a customer delete to its invoices and keeps the receipts in the bank", async () => {
    const { api } = await emptyBooks(h);
    const inv = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      LineItems: [{ NominalCode: 4000, Quantity: 1, Rate: 10, VATLevel: 20 }],
      PaymentLines: [{ Amount: 12 }],
    });
    expect(inv.body.Status).toBe("Paid");
    expect((await api.send("DELETE", "/customers/CUST01")).status).toBe(204);
    expect((await api.send("GET", `/invoices/${inv.body.Number}`)).status).toBe(404);
    expect((await api.send("GET", "/customers/CUST01")).status).toBe(404);
    const feed = await api.get("/bankaccounts/1/transactions");
    expect(feed.Data).toHaveLength(1);
    expect(feed.Data[0]).toMatchObject({ PaidIn: 12, TransactionType: 0, ResourceNumber: 0 });
    const audit = await api.get("/reports/business/audit?transactionbasedon=2");
    expect(
      audit.Data.filter((r: any) => r.IsDeleted)
        .map((r: any) => r.TransactionType)
        .sort(),
    ).toEqual(["SI", "SR"]);
  });

  it("bulk-deletes customers: 204 when all went, 200 with reasons otherwise", async () => {
    const { api } = await emptyBooks(h);
    await api.send("POST", "/customers", { Code: "B1", Name: "B1" });
    await api.send("POST", "/customers", { Code: "B2", Name: "B2" });
    expect((await api.send("DELETE", "/customerlist", ["B1"])).status).toBe(204);
    const partial = await api.send("DELETE", "/customerlist", ["B2", "NOPE"]);
    expect(partial.status).toBe(200);
    expect(partial.body).toEqual([{ Code: "NOPE", Error: "NotFound", Reason: expect.any(String) }]);
  });

  it("gives suppliers a single Address and VatNumber casing", async () => {
    const { api } = await emptyBooks(h);
    const s = await api.send("POST", "/suppliers", {
      Code: "S2",
      Name: "Supplier Two",
      VatNumber: "GB1",
      Address: { Line1: "2 Lane", PostCode: "LS1 1AA" },
    });
    expect(s.status).toBe(201);
    expect(s.body.Address).toMatchObject({ Line1: "2 Lane", PostCode: "LS1 1AA" });
    expect(s.body).toHaveProperty("VatNumber", "GB1");
    expect(s.body).not.toHaveProperty("Addresses");
    expect(s.body).not.toHaveProperty("SupplierId");
  });
});

describe("products and nominals", () => {
  it("keys products by nominal and code, so one code can live under two nominals", async () => {
    const { api } = await emptyBooks(h);
    expect(
      (await api.send("POST", "/products", { Code: "SVC", NominalCode: 4000, Name: "Service A", Price: 10 })).status,
    ).toBe(201);
    expect(
      (await api.send("POST", "/products", { Code: "SVC", NominalCode: 4010, Name: "Service B", Price: 20 })).status,
    ).toBe(201);
    expect((await api.send("POST", "/products", { Code: "SVC", NominalCode: 4000, Name: "Again" })).status).toBe(400);
    expect((await api.get("/products/4000/SVC")).Name).toBe("Service A");
    expect((await api.get("/products/4010/SVC")).Name).toBe("Service B");
    expect((await api.get("/nominals/4010/products")).MetaData.TotalRecords).toBe(1);
    expect((await api.send("GET", "/products/1")).status).toBe(404);
  });

  it("creates nominals idempotently with CreateWhenNotPresent and reassigns on delete", async () => {
    const { api } = await emptyBooks(h);
    const n = await api.send("POST", "/nominals", {
      Code: 4500,
      Name: "Consulting income",
      NomType: 1,
      Classification: 1,
    });
    expect(n.status).toBe(201);
    expect((await api.send("POST", "/nominals", { Code: 4500, Name: "x" })).status).toBe(400);
    const again = await api.send("POST", "/nominals", { Code: 4500, Name: "x", CreateWhenNotPresent: true });
    expect(again.status).toBe(200);
    expect(again.body.Name).toBe("Consulting income");
    const inv = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      LineItems: [{ NominalCode: 4500, Quantity: 1, Rate: 5, VATLevel: 0 }],
    });
    expect((await api.send("DELETE", "/nominals/4500")).status).toBe(400);
    expect((await api.send("DELETE", "/nominals/4500?assignedCode=4000")).status).toBe(204);
    expect((await api.get(`/invoices/${inv.body.Number}`)).LineItems[0].NominalCode).toBe(4000);
    expect((await api.get("/nominals/Id/" + (await api.get("/nominals/4000")).Id)).Code).toBe(4000);
  });
});

describe("banking", () => {
  it("shows a transfer in both accounts under one Id with mirrored amounts and per-account balances", async () => {
    const { api } = await emptyBooks(h);
    const savings = await api.send("POST", "/bankaccounts", { AccountName: "Savings", StartingAmount: 100 });
    expect(savings.status).toBe(201);
    const sid = savings.body.Id;
    const tx = await api.send("POST", "/bankaccounts/1/transactions", {
      Date: "2026-01-05",
      MoneyType: 1200,
      PaidOut: 40,
      Comment: "To savings",
      TransferToAccountId: sid,
    });
    expect(tx.status).toBe(201);
    const from = (await api.get("/bankaccounts/1/transactions")).Data[0];
    const to = (await api.get(`/bankaccounts/${sid}/transactions`)).Data[0];
    expect(from).toMatchObject({
      Id: tx.body.Id,
      AccountId: 1,
      PaidOut: 40,
      PaidIn: 0,
      TransactionType: 0,
      Balance: -40,
    });
    expect(to).toMatchObject({
      Id: tx.body.Id,
      AccountId: 1,
      PaidOut: 0,
      PaidIn: 40,
      TransactionType: 6,
      Balance: 140,
    });
    expect((await api.get(`/bankaccounts/${sid}`)).BankBalance).toBe(140);
  });

  it("validates bank entries and removes a payment when its bank row is deleted", async () => {
    const { api } = await emptyBooks(h);
    expect(
      (await api.send("POST", "/bankaccounts/1/transactions", { Date: "2026-01-05", MoneyType: 9999, PaidOut: 1 }))
        .status,
    ).toBe(400);
    expect(
      (
        await api.send("POST", "/bankaccounts/1/transactions", {
          Date: "2026-01-05",
          MoneyType: 7900,
          PaidOut: 1,
          PaidIn: 1,
        })
      ).status,
    ).toBe(400);
    expect(
      (await api.send("POST", "/bankaccounts/77/transactions", { Date: "2026-01-05", MoneyType: 7900, PaidOut: 1 }))
        .status,
    ).toBe(404);
    const vat = await api.send("POST", "/bankaccounts/1/transactions", {
      Date: "2026-01-05",
      MoneyType: 7900,
      PaidOut: 12,
      VATAble: true,
      VATRate: 20,
    });
    expect(vat.body).toMatchObject({ VATAmount: 2, Type: "Bank Payment" });
    const inv = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      LineItems: [{ NominalCode: 4000, Quantity: 1, Rate: 10, VATLevel: 20 }],
      PaymentLines: [{ Amount: 12 }],
    });
    const txId = inv.body.PaymentLines[0].BankTransactionId;
    expect((await api.send("PUT", `/bankaccounts/1/transactions/${txId}`, { Comment: "x" })).status).toBe(400);
    expect((await api.send("DELETE", `/bankaccounts/1/transactions/${txId}`)).status).toBe(204);
    expect((await api.get(`/invoices/${inv.body.Number}`)).Status).toBe("Unpaid");
  });
});

describe("reference data", () => {
  it("manages currencies and VAT rates", async () => {
    const { api } = await emptyBooks(h);
    const aud = await api.send("POST", "/currencies", { code: "aud" });
    expect(aud.status).toBe(201);
    expect(aud.body).toMatchObject({ Code: "AUD", Name: "Australian Dollars" });
    expect((await api.send("POST", "/currencies", { Code: "AUD" })).status).toBe(400);
    const rate = await api.send("POST", "/vat/settings/vatrates/17.5");
    expect(rate.status).toBe(201);
    expect(
      (
        await api.send("POST", "/invoices", {
          CustomerCode: "CUST01",
          LineItems: [{ NominalCode: 4000, Quantity: 1, Rate: 100, VATLevel: 17.5 }],
        })
      ).body.VATAmount,
    ).toBe(17.5);
    expect((await api.send("DELETE", `/vat/settings/vatrates/${rate.body.VATId}`)).status).toBe(204);
    expect((await api.send("DELETE", "/vat/settings/vatrates/999")).status).toBe(404);
  });
});

describe("seeding", () => {
  it("is deterministic for the same Seed and AnchorDate and differs for another seed", async () => {
    const a = await createAccount(h, { Seed: 42, AnchorDate: "2026-05-01", Size: { Invoices: 80 } });
    const b = await createAccount(h, { Seed: 42, AnchorDate: "2026-05-01", Size: { Invoices: 80 } });
    const c = await createAccount(h, { Seed: 43, AnchorDate: "2026-05-01", Size: { Invoices: 80 } });
    const [apiA, apiB, apiC] = await Promise.all([a, b, c].map(async (x) => client(h, await login(h, x))));
    for (const path of [
      "/invoices?perpage=100",
      "/purchases?perpage=100",
      "/customers?perpage=100",
      "/bankaccounts/1/transactions?perpage=100",
      "/reports/business/audit?transactionbasedon=2&perpage=100",
    ]) {
      expect(await apiA!.get(path), path).toEqual(await apiB!.get(path));
    }
    expect(await apiA!.get("/invoices/3")).toEqual(await apiB!.get("/invoices/3"));
    expect(await apiA!.get("/invoices?perpage=100")).not.toEqual(await apiC!.get("/invoices?perpage=100"));
  });

  it("seeds a UK company with every invoice status, stock, VAT 20/5/0/exempt and an archived bank account", async () => {
    const acc = await createAccount(h, { Seed: 9 });
    const api = client(h, await login(h, acc));
    const statuses = new Set((await api.get("/invoices?perpage=100")).Data.map((r: any) => r.Status));
    expect([...statuses].sort()).toEqual(["NA", "Overdue", "Overpaid", "Paid", "Unpaid"]);
    const invoices = (await api.get("/invoices?perpage=100")).Data;
    expect(invoices.some((r: any) => r.GrossAmount < 0)).toBe(true);
    const withLines = await Promise.all(invoices.slice(0, 40).map((r: any) => api.get(`/invoices/${r.Number}`)));
    const lines = withLines.flatMap((d: any) => d.LineItems);
    expect(lines.some((l: any) => l.VATExempt)).toBe(true);
    expect(new Set(lines.filter((l: any) => !l.VATExempt).map((l: any) => l.VATLevel))).toEqual(new Set([20, 5, 0]));
    const products = (await api.get("/products/list?perpage=100")).Data;
    expect(products.filter((p: any) => p.Code === "CONSULT")).toHaveLength(2);
    expect(products.some((p: any) => p.ManageStockLevel && p.QuantityInStock > 0)).toBe(true);
    const banks = await api.get("/bankaccounts?includeArchivedAccounts=true");
    expect(banks.filter((b: any) => b.IsArchived)).toHaveLength(1);
    expect((await api.get("/purchases")).MetaData.TotalRecords).toBeGreaterThan(0);
  });

  it("seeds 10,000 invoices quickly via the size knob", async () => {
    const t0 = Date.now();
    const acc = await createAccount(h, { Seed: 1, Size: { Invoices: 10_000 } });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(acc.Counts.Invoices).toBe(10_000);
    const api = client(h, await login(h, acc));
    expect((await api.get("/metadata")).TotalInvoiceCount).toBe(10_000);
  });
});
