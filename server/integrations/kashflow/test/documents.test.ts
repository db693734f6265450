// Writes against the sandbox: invoices and purchases (create with the Number check, PUT full replacement,
// payments added by PUTting the whole document, delete), products and stock, customers and suppliers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KashflowNumberChangedError } from "../resources/documents";
import { count, createAccount, failure, makeClient, startSandbox, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

const line = (over: Record<string, unknown> = {}) => ({
  Description: "Consultancy",
  Quantity: 2,
  Rate: 125.5,
  VATLevel: 20,
  NominalCode: 4000,
  ...over,
});

describe("KashFlow documents", () => {
  it("creates an invoice under the Number we sent, computed by KashFlow", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client } = makeClient(h, acc);
    const next = await client.nextInvoiceNumber();
    const inv = await client.invoices.create({
      Number: next,
      CustomerCode: "NOR01",
      IssuedDate: "2026-03-02 12:00:00",
      LineItems: [line()],
    });
    expect(inv).toMatchObject({
      Number: next,
      NetAmount: "251",
      VATAmount: "50.2",
      GrossAmount: "301.2",
      Status: expect.any(String),
    });
    expect(await client.nextInvoiceNumber()).toBe(next + 1);
  });

  it("renumber mode: KashFlow took another Number, and the client says which", async () => {
    const acc = await createAccount(h, { Seed: 1, Behaviour: { duplicateNumberMode: "renumber" } });
    const { client } = makeClient(h, acc);
    const next = await client.nextInvoiceNumber();
    const error = await failure(
      client.invoices.create({
        Number: 5,
        CustomerCode: "NOR01",
        IssuedDate: "2026-03-02 12:00:00",
        LineItems: [line()],
      }),
    );
    expect(error).toBeInstanceOf(KashflowNumberChangedError);
    expect(error).toMatchObject({
      code: "CONFLICT",
      retryClass: "NEEDS_USER",
      reason: "NumberChanged",
      requestedNumber: 5,
      actualNumber: next,
    });
    expect(error.message).toContain(`number ${next}, not 5`);
    expect(error.document.Number).toBe(next);
    // The check can be switched off where renumbering is wanted.
    const relaxed = makeClient(h, acc, { behaviour: { checkCreatedNumber: false } }).client;
    expect(
      (
        await relaxed.invoices.create({
          Number: 5,
          CustomerCode: "NOR01",
          IssuedDate: "2026-03-02 12:00:00",
          LineItems: [line()],
        })
      ).Number,
    ).toBe(next + 1);
  });

  it("reject mode: a duplicate Number is a refused write the person must resolve", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client } = makeClient(h, acc);
    const error = await failure(
      client.purchases.create({
        Number: 3,
        SupplierCode: "NOR01",
        IssuedDate: "2026-03-02 12:00:00",
        LineItems: [line({ NominalCode: 5000 })],
      }),
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST", retryClass: "NEEDS_USER" });
    expect(error.message).toMatch(/^KashFlow did not accept purchase 3: .+/);
  });

  it("PUT replaces the whole invoice; a payment is added by PUTting the document with one new PaymentLines entry", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client, calls } = makeClient(h, acc);
    const inv = await client.invoices.create({
      CustomerCode: "NOR01",
      IssuedDate: "2026-03-02 12:00:00",
      LineItems: [line(), line({ Description: "Travel", Quantity: 1, Rate: 40, VATLevel: 0 })],
    });
    const updated = await client.invoices.update(inv.Number, {
      CustomerCode: "NOR01",
      IssuedDate: "2026-03-02 12:00:00",
      LineItems: [line({ Quantity: 1 })],
    });
    expect(updated.LineItems).toHaveLength(1);
    expect(updated.GrossAmount).toBe("150.6");

    const method = (await client.paymentMethods("invoice"))[0]!.Id;
    const first = await client.invoices.addPayment(inv.Number, {
      Date: "2026-03-03 12:00:00",
      Amount: 50.6,
      Method: method,
      AccountId: 1,
      Reference: "R1",
    });
    expect(first.payment).toMatchObject({
      Amount: "50.6",
      Reference: "R1",
      Method: method,
      AccountId: 1,
      Id: expect.any(Number),
    });
    const second = await client.invoices.addPayment(inv.Number, {
      Date: "2026-03-04 12:00:00",
      Amount: 100,
      Method: method,
      AccountId: 1,
      Reference: "R2",
    });
    expect(second.document.PaymentLines?.map((p) => p.Reference)).toEqual(["R1", "R2"]);
    expect(second.document).toMatchObject({ Status: "Paid", TotalPaidAmount: "150.6", DueAmount: "0" });
    expect(second.document.LineItems).toHaveLength(1);
    // The payment PUT carried the existing line and payment untouched.
    expect(count(calls, "PUT", `/invoices/${inv.Number}`)).toBe(3);

    const removed = await client.invoices.removePayment(inv.Number, first.payment.Id!);
    expect(removed.PaymentLines?.map((p) => p.Reference)).toEqual(["R2"]);
    await client.invoices.delete(inv.Number);
    expect(await client.invoices.find(inv.Number)).toBeNull();
  });

  it("a payment PUT is not re-sent after an ambiguous failure (it would pay twice)", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client, calls } = makeClient(h, acc);
    const inv = await client.invoices.create({
      CustomerCode: "NOR01",
      IssuedDate: "2026-03-02 12:00:00",
      LineItems: [line()],
    });
    await h.admin("POST", `/accounts/${acc.AccountId}/faults`, {
      Kind: "serverError",
      Status: 503,
      Method: "PUT",
      Path: "/invoices/*",
      Times: 1,
    });
    const error = await failure(
      client.invoices.addPayment(inv.Number, { Date: "2026-03-03 12:00:00", Amount: 10, Method: 409844, AccountId: 1 }),
    );
    expect(error).toMatchObject({ retryClass: "TRANSIENT" });
    expect(count(calls, "PUT", `/invoices/${inv.Number}`)).toBe(1);
  });

  it("purchases: create, pay, read back, delete", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client } = makeClient(h, acc);
    const p = await client.purchases.create({
      SupplierCode: "NOR01",
      SupplierReference: "BILL-7",
      IssuedDate: "2026-03-02 12:00:00",
      Type: "Expense",
      LineItems: [line({ NominalCode: 5000, VATLevel: 5 })],
    });
    expect(p).toMatchObject({ SupplierReference: "BILL-7", Type: "Expense", GrossAmount: "263.55" });
    const method = (await client.paymentMethods("purchase"))[0]!.Id;
    const { document } = await client.purchases.addPayment(p.Number, {
      Date: "2026-03-03 12:00:00",
      Amount: 263.55,
      Method: method,
      AccountId: 1,
    });
    expect(document.Status).toBe("Paid");
    expect((await client.purchases.get(p.Number)).PaymentLines).toHaveLength(1);
    await client.purchases.delete(p.Number);
    expect(await failure(client.purchases.get(p.Number))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("products: create, set the stock on hand, read it back", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client } = makeClient(h, acc);
    await client.products.create({
      Code: "BOLT-M6",
      NominalCode: 4000,
      Name: "M6 bolt",
      Price: 0.35,
      VATRate: 20,
      ManageStockLevel: true,
      QuantityInStock: 1000,
    });
    const set = await client.products.setStock(4000, "BOLT-M6", "987.5");
    expect(set.QuantityInStock).toBe("987.5");
    expect((await client.products.get(4000, "BOLT-M6")).QuantityInStock).toBe("987.5");
    // The same code may live under another nominal.
    const all = await client.products.sweep();
    expect(
      all.records
        .filter((p) => p.Code === "CONSULT")
        .map((p) => p.NominalCode)
        .sort(),
    ).toEqual([4000, 4010]);
  });

  it("customers and suppliers: create, rename by PUT, delete", async () => {
    const acc = await createAccount(h, { DataSet: "empty" });
    const { client } = makeClient(h, acc);
    const c = await client.customers.create({
      Code: "ACME01",
      Name: "Acme Ltd",
      VATNumber: "GB123456789",
      PaymentTerms: { Type: "AfterMonthEnd", Days: 30 },
    });
    expect(c).toMatchObject({
      Code: "ACME01",
      VATNumber: "GB123456789",
      PaymentTerms: { Type: "AfterMonthEnd", Days: 30 },
    });
    expect((await client.customers.update("ACME01", { Name: "Acme Holdings Ltd" })).Name).toBe("Acme Holdings Ltd");
    const s = await client.suppliers.create({ Code: "PAPER1", Name: "Paper Co", VatNumber: "GB987654321" });
    expect(s.VATNumber).toBe("GB987654321");
    await client.customers.delete("ACME01");
    expect(await client.customers.find("ACME01")).toBeNull();
    expect(await failure(client.suppliers.create({ Code: "PAPER1", Name: "Again" }))).toMatchObject({
      code: "BAD_REQUEST",
      retryClass: "NEEDS_USER",
    });
  });
});
