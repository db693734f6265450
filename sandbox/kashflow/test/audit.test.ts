import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyBooks, startSandbox, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

const line = { NominalCode: 4000, Description: "Work", Quantity: 1, Rate: 100, VATLevel: 20 };
const today = () => new Date().toISOString().slice(0, 10);

describe("audit report fed by the change log", () => {
  it("lists creations, edits, payments and deletions between dates with ascending TX numbers", async () => {
    const { api } = await emptyBooks(h);
    const inv = await api.send("POST", "/invoices", {
      CustomerCode: "CUST01",
      CustomerReference: "PO-1",
      LineItems: [line],
    });
    const n = inv.body.Number;
    const edited = await api.send("PUT", `/invoices/${n}`, { ...inv.body, CustomerReference: "PO-2" });
    expect(edited.status).toBe(200);
    const paid = await api.send("PUT", `/invoices/${n}`, {
      ...edited.body,
      PaymentLines: [{ Amount: 120, Date: today() }],
    });
    expect(paid.body.Status).toBe("Paid");
    const other = await api.send("POST", "/invoices", { CustomerCode: "CUST01", LineItems: [line] });
    expect((await api.send("DELETE", `/invoices/${other.body.Number}`)).status).toBe(204);

    const report = await api.get(
      `/reports/business/audit?transactionbasedon=2&startdate=${today()}&enddate=${today()}&perpage=100`,
    );
    const rows = report.Data as any[];
    expect(rows.map((r) => r.TransactionType)).toEqual(["SI", "SI", "SR", "SI", "SI"]);
    const numbers = rows.map((r) => r.TransactionNumber);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    expect(new Set(numbers).size).toBe(numbers.length);

    const [created, edit, receipt, otherCreated, deleted] = rows;
    expect(created).toMatchObject({
      EntityNumber: n,
      Reference: "PO-1",
      ChangeCount: 0,
      Current: false,
      IsDeleted: false,
      Value: 120,
    });
    expect(edit).toMatchObject({
      EntityNumber: n,
      Reference: "PO-2",
      ChangeCount: 1,
      Current: true,
      EntityReferance: "CUST01",
    });
    // The audit trail shows invoices at their due date [DOC].
    expect(edit.Date).toBe(edited.body.DueDate);
    expect(edit.Vat).toEqual([{ IsExempt: false, Rate: 20, Input: 0, Output: 20 }]);
    expect(edit.Nominal).toEqual([{ Code: 4000, Name: "Sales" }]);
    expect(receipt).toMatchObject({
      TransactionType: "SR",
      Value: 120,
      EntityNumber: n,
      BankAccountId: 1,
      Current: true,
    });
    expect(otherCreated).toMatchObject({ EntityNumber: other.body.Number, Current: false });
    expect(deleted).toMatchObject({ EntityNumber: other.body.Number, IsDeleted: true, Current: false });

    // A payment-only save records the receipt, not an edit of the invoice.
    expect(rows.filter((r) => r.EntityNumber === n && r.TransactionType === "SI")).toHaveLength(2);

    const noDeleted = await api.get(
      `/reports/business/audit?transactionbasedon=2&startdate=${today()}&enddate=${today()}&includedeleteditems=false`,
    );
    expect(noDeleted.Data.some((r: any) => r.IsDeleted)).toBe(false);
    const noPayments = await api.get(
      `/reports/business/audit?transactionbasedon=2&startdate=${today()}&includesalesinvoicepayments=false`,
    );
    expect(noPayments.Data.map((r: any) => r.TransactionType)).not.toContain("SR");
    const single = await api.get(
      `/reports/business/audit?transactionbasedon=0&transactionnumber=${receipt.TransactionNumber}`,
    );
    expect(single.Data).toHaveLength(1);
    expect((await api.get(`/reports/business/audit/${deleted.TransactionNumber}`)).IsDeleted).toBe(true);
  });

  it("excludes changes outside the date window and covers purchases and bank entries", async () => {
    // A long idle window so the session survives the clock jump below.
    const { api } = await emptyBooks(h, { sessionIdleSeconds: 10 * 86_400 });
    await api.send("POST", "/purchases", {
      SupplierCode: "SUPP01",
      LineItems: [{ NominalCode: 5000, Quantity: 1, Rate: 40, VATLevel: 20 }],
    });
    const tx = await api.send("POST", "/bankaccounts/1/transactions", {
      Date: today(),
      MoneyType: 7900,
      PaidOut: 12.5,
      Comment: "Fee",
    });
    expect(tx.status).toBe(201);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(
      (await api.get(`/reports/business/audit?transactionbasedon=2&startdate=${yesterday}&enddate=${yesterday}`))
        .MetaData.TotalRecords,
    ).toBe(0);
    const rows = (await api.get(`/reports/business/audit?transactionbasedon=2&startdate=${today()}`)).Data;
    expect(rows.map((r: any) => r.TransactionType)).toEqual(["PI", "BP"]);
    expect(rows[1]).toMatchObject({
      Value: 12.5,
      BankAccountId: 1,
      Nominal: [{ Code: 7900, Name: "Bank Charges & Interest" }],
    });
    // Moving the sandbox clock a day on puts later changes outside today's window.
    await h.adminJson("POST", "/clock", { AdvanceSeconds: 86_400 });
    expect((await api.send("DELETE", `/bankaccounts/1/transactions/${tx.body.Id}`)).status).toBe(204);
    await h.adminJson("DELETE", "/clock");
    expect(
      (await api.get(`/reports/business/audit?transactionbasedon=2&startdate=${today()}&enddate=${today()}`)).MetaData
        .TotalRecords,
    ).toBe(2);
    const all = await api.get(`/reports/business/audit?transactionbasedon=2`);
    expect(all.Data.at(-1)).toMatchObject({ TransactionType: "BP", IsDeleted: true });
  });

  it("keeps master data (customers, products) out of the report", async () => {
    const { api } = await emptyBooks(h);
    await api.send("PUT", "/customers/CUST01", { Name: "Renamed Ltd" });
    expect((await api.get("/reports/business/audit?transactionbasedon=2")).MetaData.TotalRecords).toBe(0);
  });
});
