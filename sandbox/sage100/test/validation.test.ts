// Every validation rule returns 0 (or -1 for warnings) with the catalogue text in sLastErrorMsg.
import { describe, expect, it } from "vitest";
import { formatMessage, type MessageCode, type MessageParams } from "../messages";
import { createArInvoice, newObject, newSim, openSession, ref, type Com } from "./helpers";

const text = (code: MessageCode, params: MessageParams = {}) => formatMessage(code, params).text;

function arInvoiceInEdit() {
  const { sim } = newSim();
  const s = openSession(sim);
  const inv = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui", "A/R");
  inv.nSelectNewBatch(ref(), "N", "");
  const no = ref();
  inv.nGetNextInvoiceNo(no);
  inv.nSetKeyValue("InvoiceNo$", no.value);
  expect(inv.nSetKey()).toBe(2);
  return { sim, s, inv, invoiceNo: no.value };
}

function expectFail(obj: Com, result: number, code: MessageCode, params: MessageParams = {}) {
  expect(result).toBe(0);
  expect(obj.sLastErrorMsg).toBe(text(code, params));
}

describe("A/R invoice validation", () => {
  it("customer does not exist / inactive => 0; credit hold => -1 with the value kept", () => {
    const { inv } = arInvoiceInEdit();
    expectFail(inv, inv.nSetValue("CustomerNo$", "NOBODY"), "CUSTOMER_NOT_ON_FILE", {
      division: "00",
      customer: "NOBODY",
    });
    expectFail(inv, inv.nSetValue("CustomerNo$", "EVERGREEN"), "CUSTOMER_INACTIVE", {
      division: "00",
      customer: "EVERGREEN",
    });
    expect(inv.nSetValue("CustomerNo$", "DELTA")).toBe(-1);
    expect(inv.sLastErrorMsg).toBe(text("CUSTOMER_CREDIT_HOLD", { division: "00", customer: "DELTA" }));
    const v = ref();
    inv.nGetValue("CustomerNo$", v);
    expect(v.value).toBe("DELTA");
  });

  it("invalid, inactive and wrong-type ItemCode on a line", () => {
    const { inv } = arInvoiceInEdit();
    inv.nSetValue("CustomerNo$", "ACME");
    const lines = inv.oLines;
    expect(lines.nAddLine()).toBe(2);
    expectFail(lines, lines.nSetValue("ItemCode$", "NOPE-999"), "ITEM_INVALID");
    expectFail(lines, lines.nSetValue("ItemCode$", "OLD-MODEL-X"), "ITEM_INACTIVE", { item: "OLD-MODEL-X" });
    expectFail(lines, lines.nSetValue("ItemCode$", "WIDGET-100"), "ITEM_TYPE_NOT_ALLOWED", {
      item: "WIDGET-100",
      type: "1",
      module: "A/R Invoice Data Entry",
    });
    expect(lines.nSetValue("ItemCode$", "/SERVICE")).toBe(1);
  });

  it("unknown, inactive and deleted G/L accounts are rejected; formatted accounts are translated to AccountKey", () => {
    const { inv } = arInvoiceInEdit();
    inv.nSetValue("CustomerNo$", "ACME");
    const lines = inv.oLines;
    lines.nAddLine();
    lines.nSetValue("ItemCode$", "/SERVICE");
    expectFail(lines, lines.nSetValue("SalesAcctKey$", "9999-99"), "GL_ACCOUNT_INVALID", { column: "SalesAcctKey" });
    expectFail(lines, lines.nSetValue("SalesAcctKey$", "6400-00"), "GL_ACCOUNT_INACTIVE", { account: "6400-00" });
    expectFail(lines, lines.nSetValue("SalesAcctKey$", "6900-00"), "GL_ACCOUNT_DELETED", { account: "6900-00" });
    expect(lines.nSetValue("SalesAcctKey$", "4000-00")).toBe(1);
    const v = ref();
    lines.nGetValue("SalesAcctKey$", v);
    expect(v.value).toBe("000000008");
  });

  it("a non-comment line needs a sales account; required header fields on write", () => {
    const { inv } = arInvoiceInEdit();
    const lines = inv.oLines;
    lines.nAddLine();
    lines.nSetValue("ItemCode$", "/SERVICE");
    lines.nSetValue("SalesAcctKey$", "");
    expectFail(lines, lines.nWrite(), "REQUIRED", { column: "SalesAcctKey" });
    lines.nClear();
    expectFail(inv, inv.nWrite(), "REQUIRED", { column: "CustomerNo" });
  });

  it("dates outside an open fiscal period: closed period, no fiscal year, restricted accounting date", () => {
    const { inv, sim } = arInvoiceInEdit();
    expectFail(inv, inv.nSetValue("InvoiceDate$", "20250115"), "PERIOD_CLOSED", {
      date: "20250115",
      year: "2025",
      period: "01",
    });
    expectFail(inv, inv.nSetValue("InvoiceDate$", "20241231"), "NO_FISCAL_YEAR", { date: "20241231" });
    expect(inv.nSetValue("InvoiceDate$", "20250601")).toBe(1);
    sim.updateOptions("ABC", { restrictAccountingDate: true });
    expectFail(inv, inv.nSetValue("InvoiceDate$", "20250601"), "DATE_RESTRICTED");
    expect(inv.nSetValue("InvoiceDate$", "20250320")).toBe(1);
  });

  it("duplicate invoice number: pending in another batch, or already posted", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const first = createArInvoice(s);
    expect(first.result).toBe(1);
    const inv = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui");
    inv.nSelectNewBatch(ref(), "N", "");
    inv.nSetKeyValue("InvoiceNo$", first.invoiceNo);
    expectFail(inv, inv.nSetKey(), "DUPLICATE_INVOICE", { invoice: first.invoiceNo, batch: first.batchNo });
    inv.nSetKeyValue("InvoiceNo$", "101");
    expectFail(inv, inv.nSetKey("IN"), "INVOICE_ALREADY_POSTED", { invoice: "0000101" });
    // nSetKey(value) sets the LAST key segment (InvoiceType), so an invoice number there is an invalid type
    expectFail(inv, inv.nSetKey("0009999"), "INVALID_ENUM", {
      column: "InvoiceType",
      values: "IN, CM, DM, FC, CA, XD",
    });
  });

  it("unknown terms code and tax schedule", () => {
    const { inv } = arInvoiceInEdit();
    expectFail(inv, inv.nSetValue("TermsCode$", "77"), "NOT_ON_FILE", { column: "TermsCode" });
    expectFail(inv, inv.nSetValue("TaxSchedule$", "MARS"), "NOT_ON_FILE", { column: "TaxSchedule" });
  });
});

describe("A/P invoice validation", () => {
  function apBus() {
    const { sim } = newSim();
    const s = openSession(sim, { module: "A/P" });
    const ap = newObject(s, "AP_Invoice_bus", "AP_Invoice_ui");
    ap.nSelectNewBatch(ref(), "N", "");
    return { sim, s, ap };
  }

  it("missing VendorNo, unknown vendor, inactive vendor", () => {
    const { ap } = apBus();
    ap.nSetKeyValue("APDivisionNo$", "00");
    ap.nSetKeyValue("InvoiceNo$", "INV-1");
    expectFail(ap, ap.nSetKey(), "REQUIRED", { column: "VendorNo" });
    ap.nSetKeyValue("VendorNo$", "NOSUCH");
    expectFail(ap, ap.nSetKey(), "VENDOR_NOT_ON_FILE", { division: "00", vendor: "NOSUCH" });
    ap.nSetKeyValue("VendorNo$", "OLDVEND");
    expectFail(ap, ap.nSetKey(), "VENDOR_INACTIVE", { division: "00", vendor: "OLDVEND" });
    ap.nSetKeyValue("VendorNo$", "offsupp");
    expect(ap.nSetKey()).toBe(2);
  });

  it("distribution lines must equal the invoice amount", () => {
    const { ap } = apBus();
    ap.nSetKeyValue("APDivisionNo$", "00");
    ap.nSetKeyValue("VendorNo$", "OFFSUPP");
    ap.nSetKey("INV-2");
    ap.nSetValue("InvoiceAmt", 100);
    ap.oLines.nAddLine();
    expectFail(ap.oLines, ap.oLines.nSetValue("AccountKey$", "6400-00"), "GL_ACCOUNT_INACTIVE", { account: "6400-00" });
    ap.oLines.nSetValue("DistributionAmt", 60);
    expect(ap.oLines.nWrite()).toBe(1);
    expectFail(ap, ap.nWrite(), "DISTRIBUTION_OUT_OF_BALANCE");
    ap.oLines.nAddLine();
    ap.oLines.nSetValue("AccountKey$", "6300-00");
    ap.oLines.nSetValue("DistributionAmt", 40);
    ap.oLines.nWrite();
    expect(ap.nWrite()).toBe(1);
  });
});

describe("sales order validation", () => {
  it("duplicate customer PO is a -1 warning with the sourced text, value kept", () => {
    const { sim } = newSim();
    const s = openSession(sim, { module: "S/O" });
    const so = newObject(s, "SO_SalesOrder_bus", "SO_SalesOrder_ui");
    const make = (po: string) => {
      const no = ref();
      so.nGetNextSalesOrderNo(no);
      so.nSetKey(no.value);
      so.nSetValue("CustomerNo$", "ACME");
      const r = so.nSetValue("CustomerPONo$", po);
      so.oLines.nAddLine();
      so.oLines.nSetValue("ItemCode$", "WIDGET-100");
      so.oLines.nWrite();
      so.nWrite();
      return r;
    };
    expect(make("PO-1")).toBe(1);
    expect(make("PO-1")).toBe(-1);
    expect(so.sLastErrorMsg).toBe("");
    const no = ref();
    so.nGetNextSalesOrderNo(no);
    so.nSetKey(no.value);
    so.nSetValue("CustomerNo$", "ACME");
    expect(so.nSetValue("CustomerPONo$", "PO-1")).toBe(-1);
    expect(so.sLastErrorMsg).toBe("This customer PO number already exists on one or more sales orders or invoices.");
    expectFail(so, so.nSetValue("OrderStatus$", "C"), "INVALID_ENUM", { column: "OrderStatus", values: "N, O, H" });
    expectFail(so, so.nSetValue("WarehouseCode$", "999"), "NOT_ON_FILE", { column: "WarehouseCode" });
  });
});
