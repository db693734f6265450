import { describe, expect, it } from "vitest";
import { formatMessage } from "../messages";
import { createArInvoice, newObject, newSim, openSession, postBatch, ref } from "./helpers";

describe("batches", () => {
  it("with batch processing on, entry needs a selected batch; batches are numbered per module", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const inv = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui");
    inv.nSetKeyValue("InvoiceNo$", "0005000");
    expect(inv.nSetKey()).toBe(0);
    expect(inv.sLastErrorMsg).toBe("A batch must be selected before entering invoices.");
    const b1 = ref();
    const b2 = ref();
    expect(inv.nSelectNewBatch(b1, "N", "first")).toBe(1);
    expect(inv.nSelectNewBatch(b2, "N", "second")).toBe(1);
    expect([b1.value, b2.value]).toEqual(["00001", "00002"]);
    expect(inv.sBatchNo).toBe("00002");
    expect(inv.nSelectBatch("7")).toBe(0);
    expect(inv.sLastErrorMsg).toBe("Batch 00007 is not on file.");
    expect(inv.nSelectBatch("1")).toBe(1);
    expect(inv.nSetKey()).toBe(2);
  });

  it("with batch processing off, nSelectBatch is refused and documents carry no batch", () => {
    const { sim } = newSim();
    const s = openSession(sim, { company: "XYZ" });
    const inv = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui");
    expect(inv.nSelectNewBatch(ref(), "N", "")).toBe(0);
    expect(inv.sLastErrorMsg).toBe("Batch processing is not enabled for A/R invoices.");
    inv.nSetKeyValue("InvoiceNo$", "0009001");
    expect(inv.nSetKey()).toBe(2);
    expect(inv.nSetValue("ARDivisionNo$", "2")).toBe(1);
    expect(inv.nSetValue("CustomerNo$", "ZENITH")).toBe(1);
    inv.oLines.nAddLine();
    inv.oLines.nSetValue("ItemCode$", "/INSTALL");
    inv.oLines.nWrite();
    expect(inv.nWrite()).toBe(1);
    expect(sim.company("XYZ").t("AR_InvoiceHeader").get(["0009001", "IN"])?.BatchNo).toBe("");
    const { result } = postBatch(s, "AR_SalesJournal_upd", "AR_SalesJournal_ui", null);
    expect(result).toBe(1);
    expect(sim.company("XYZ").t("AR_OpenInvoice").get(["02", "ZENITH", "0009001", "IN"])?.Balance).toBe(95);
  });

  it("a batch selected by one session is in use for another; private batches belong to their creator", () => {
    const { sim } = newSim();
    const a = openSession(sim);
    const b = openSession(sim);
    const admin = openSession(sim, { user: "admin" });
    const invA = newObject(a, "AR_Invoice_bus", "AR_Invoice_ui");
    const shared = ref();
    invA.nSelectNewBatch(shared, "N", "shared");
    const invB = newObject(b, "AR_Invoice_bus", "AR_Invoice_ui");
    expect(invB.nSelectBatch(shared.value)).toBe(0);
    expect(invB.sLastErrorMsg).toBe(formatMessage("BATCH_IN_USE", { batch: shared.value }).text);
    invA.DropObject();
    expect(invB.nSelectBatch(shared.value)).toBe(1);
    const priv = ref();
    invB.nSelectNewBatch(priv, "Y", "mine");
    invB.DropObject();
    const invAdmin = newObject(admin, "AR_Invoice_bus", "AR_Invoice_ui");
    expect(invAdmin.nSelectBatch(priv.value)).toBe(0);
    expect(invAdmin.sLastErrorMsg).toBe(formatMessage("BATCH_PRIVATE", { batch: priv.value }).text);
  });
});

describe("A/R invoice posting (AR_SalesJournal_upd)", () => {
  it("moves the batch into AR_OpenInvoice + history, posts a balanced G/L register, updates the customer and deletes the batch", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const { invoiceNo, batchNo, result, inv } = createArInvoice(s, {
      customer: "ACME",
      lines: [
        { item: "/INSTALL", qty: 2 },
        { item: "/SERVICE", qty: 3, price: 33.335 },
      ],
    });
    expect(result).toBe(1);
    inv.DropObject();
    const co = sim.company("ABC");
    const header = co.t("AR_InvoiceHeader").get([invoiceNo, "IN"]);
    expect(header?.NonTaxableSalesAmt).toBe(290.01);
    const before = Number(co.t("AR_Customer").get(["00", "ACME"])?.CurrentBalance);

    const upd = newObject(s, "AR_SalesJournal_upd", "AR_SalesJournal_ui");
    expect(upd.nUpdate()).toBe(0);
    expect(upd.sLastErrorMsg).toBe("A batch must be selected before entering the update.");
    expect(upd.nSelectBatch(batchNo)).toBe(1);
    expect(upd.nSetPostingDate("20250110")).toBe(0);
    expect(upd.nSetPostingDate("20250316")).toBe(1);
    expect(upd.nUpdate()).toBe(0);
    expect(upd.sLastErrorMsg).toBe("The register must be printed before it can be updated.");
    expect(upd.nProcessReport("PRINT")).toBe(1);
    expect(upd.nUpdate()).toBe(1);

    expect(co.t("AR_InvoiceHeader").has([invoiceNo, "IN"])).toBe(false);
    expect(co.t("AR_InvoiceDetail").size).toBe(0);
    const open = co.t("AR_OpenInvoice").get(["00", "ACME", invoiceNo, "IN"]);
    expect(open?.Balance).toBe(290.01);
    expect(open?.PostingDate).toBe("20250316");
    const hist = co.t("AR_InvoiceHistoryHeader").get([invoiceNo, "000000"]);
    expect(hist?.BatchNo).toBe(batchNo);
    expect(co.t("AR_InvoiceHistoryDetail").lookup("KHEADER", [invoiceNo, "000000"])).toHaveLength(2);
    expect(Number(co.t("AR_Customer").get(["00", "ACME"])?.CurrentBalance)).toBeCloseTo(before + 290.01, 2);
    const gl = [...co.t("GL_DetailPosting").values()];
    const debit = gl.reduce((a, r) => a + Math.round(Number(r.DebitAmount) * 100), 0);
    const credit = gl.reduce((a, r) => a + Math.round(Number(r.CreditAmount) * 100), 0);
    expect(debit).toBe(29001);
    expect(credit).toBe(29001);
    expect(co.t("GL_CompanyActiveBatch").size).toBe(0);
    expect(upd.nSelectBatch(batchNo)).toBe(0);
  });

  it("taxable lines compute sales tax from the customer's schedule and post tax liability", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    // make a taxable misc item so A/R invoice entry can carry tax
    const item = newObject(s, "CI_ItemCode_bus", "CI_ItemCode_ui", "C/I");
    expect(item.nSetKey("/TAXSVC")).toBe(2);
    item.nSetValue("ItemCodeDesc$", "Taxable service");
    item.nSetValue("TaxClass$", "TX");
    item.nSetValue("SalesAcctKey$", "4010-00");
    item.nSetValue("StandardUnitPrice", 100);
    expect(item.nWrite()).toBe(1);
    const { invoiceNo, batchNo, inv } = createArInvoice(s, { customer: "ACME", lines: [{ item: "/TAXSVC", qty: 1 }] });
    inv.DropObject();
    const h = sim.company("ABC").t("AR_InvoiceHeader").get([invoiceNo, "IN"]);
    expect([h?.TaxableSalesAmt, h?.SalesTaxAmt]).toEqual([100, 7.25]);
    expect(postBatch(s, "AR_SalesJournal_upd", "AR_SalesJournal_ui", batchNo).result).toBe(1);
    const tax = [...sim.company("ABC").t("GL_DetailPosting").values()].filter((r) => r.AccountKey === "000000006");
    expect(tax.map((r) => r.CreditAmount).sort()).toEqual([1.25, 6]);
  });

  it("a credit memo with ApplyToInvoiceNo reduces the open invoice", () => {
    const { sim } = newSim();
    const s = openSession(sim);
    const cm = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui");
    const b = ref();
    cm.nSelectNewBatch(b, "N", "");
    cm.nSetKeyValue("InvoiceNo$", "CM0001");
    cm.nSetKeyValue("InvoiceType$", "CM");
    expect(cm.nSetKey()).toBe(2);
    cm.nSetValue("CustomerNo$", "BLUESKY");
    expect(cm.nSetValue("ApplyToInvoiceNo$", "999")).toBe(0);
    expect(cm.nSetValue("ApplyToInvoiceNo$", "102")).toBe(1);
    cm.oLines.nAddLine();
    cm.oLines.nSetValue("ItemCode$", "/SERVICE");
    cm.oLines.nSetValue("ExtensionAmt", 500);
    cm.oLines.nWrite();
    expect(cm.nWrite()).toBe(1);
    cm.DropObject();
    expect(postBatch(s, "AR_SalesJournal_upd", "AR_SalesJournal_ui", b.value).result).toBe(1);
    expect(sim.company("ABC").t("AR_OpenInvoice").get(["00", "BLUESKY", "0000102", "IN"])?.Balance).toBe(2000);
  });

  it("the update needs exclusive use: a batch held by another session cannot be posted", () => {
    const { sim } = newSim();
    const a = openSession(sim);
    const b = openSession(sim);
    const { batchNo } = createArInvoice(a);
    const { result, upd } = postBatch(b, "AR_SalesJournal_upd", "AR_SalesJournal_ui", batchNo);
    expect(result).toBe(0);
    expect(upd.sLastErrorMsg).toBe(formatMessage("BATCH_IN_USE", { batch: batchNo }).text);
  });
});
