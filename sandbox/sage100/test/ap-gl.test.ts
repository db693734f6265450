import { describe, expect, it } from "vitest";
import { formatMessage } from "../messages";
import { newObject, newSim, openSession, postBatch, ref, type Com } from "./helpers";

describe("A/P invoice posting", () => {
  it("posts the batch to AP_OpenInvoice and history and credits the A/P account", () => {
    const { sim } = newSim();
    const s = openSession(sim, { module: "A/P" });
    const ap = newObject(s, "AP_Invoice_bus", "AP_Invoice_ui");
    const b = ref();
    ap.nSelectNewBatch(b, "N", "bills");
    ap.nSetKeyValue("APDivisionNo$", "00");
    ap.nSetKeyValue("VendorNo$", "POWERCO");
    ap.nSetKeyValue("InvoiceNo$", "E-2025-03");
    expect(ap.nSetKey()).toBe(2);
    ap.nSetValue("InvoiceDate$", "20250310");
    ap.nSetValue("InvoiceAmt", 245.67);
    ap.oLines.nAddLine();
    const acct = ref();
    ap.oLines.nGetValue("AccountKey$", acct);
    expect(acct.value).toBe("000000015");
    ap.oLines.nSetValue("DistributionAmt", 245.67);
    ap.oLines.nWrite();
    expect(ap.nWrite()).toBe(1);
    ap.DropObject();
    expect(postBatch(s, "AP_InvoiceRegister_upd", "AP_InvoiceRegister_ui", b.value).result).toBe(1);
    const co = sim.company("ABC");
    const open = co.t("AP_OpenInvoice").get(["00", "POWERCO", "E-2025-03"]);
    expect([open?.Balance, open?.InvoiceDueDate]).toEqual([245.67, "20250409"]);
    expect(co.t("AP_Vendor").get(["00", "POWERCO"])?.CurrentBalance).toBe(245.67);
    const ap2 = [...co.t("GL_DetailPosting").values()].find((r) => r.AccountKey === "000000005");
    expect(ap2?.CreditAmount).toBe(245.67);
    const again = newObject(s, "AP_Invoice_bus", "AP_Invoice_ui");
    again.nSelectNewBatch(ref(), "N", "");
    again.nSetKeyValue("APDivisionNo$", "00");
    again.nSetKeyValue("VendorNo$", "POWERCO");
    again.nSetKeyValue("InvoiceNo$", "E-2025-03");
    expect(again.nSetKey()).toBe(0);
    expect(again.sLastErrorMsg).toBe(formatMessage("INVOICE_ALREADY_POSTED", { invoice: "E-2025-03" }).text);
  });
});

describe("G/L general journal", () => {
  function journal(user = "ledgerlink") {
    const { sim } = newSim();
    const s = openSession(sim, { module: "G/L", user });
    const gj = newObject(s, "GL_GeneralJournal_bus", "GL_GeneralJournal_ui") as Com;
    const b = ref();
    gj.nSelectNewBatch(b, "N", "");
    const no = ref();
    gj.nGetNextEntryNo(no);
    gj.nSetKeyValue("SourceJournal$", "GJ");
    gj.nSetKeyValue("EntryNo$", no.value);
    expect(gj.nSetKey()).toBe(2);
    gj.nSetValue("JournalComment$", "Accrual");
    const line = (account: string, debit: number, credit: number) => {
      gj.oLines.nAddLine();
      gj.oLines.nSetValue("AccountKey$", account);
      gj.oLines.nSetValue("DebitAmount", debit);
      gj.oLines.nSetValue("CreditAmount", credit);
      return gj.oLines.nWrite();
    };
    return { sim, s, gj, line, batchNo: b.value, entryNo: no.value };
  }

  it("an unbalanced entry is refused with the sourced text", () => {
    const { gj, line } = journal();
    expect(line("6000-00", 100, 0)).toBe(1);
    expect(line("2000-00", 0, 90)).toBe(1);
    expect(gj.nWrite()).toBe(0);
    expect(gj.sLastErrorMsg).toBe(
      "This journal is out of balance. This entry must balance in order to post to General Ledger.",
    );
    expect(line("1000-00", 50, 50)).toBe(0);
    expect(gj.oLines.sLastErrorMsg).toBe(formatMessage("DEBIT_AND_CREDIT").text);
  });

  it("AcceptOutofBalance needs the role right; with it the write returns -1", () => {
    const plain = journal();
    expect(plain.gj.nSetValue("AcceptOutofBalance$", "Y")).toBe(0);
    expect(plain.gj.sLastErrorMsg).toBe(formatMessage("NO_ACCESS").text);
    const admin = journal("admin");
    expect(admin.gj.nSetValue("AcceptOutofBalance$", "Y")).toBe(1);
    admin.line("6000-00", 100, 0);
    expect(admin.gj.nWrite()).toBe(-1);
    expect(admin.gj.sLastErrorMsg).toBe(formatMessage("JOURNAL_OUT_OF_BALANCE").text);
    admin.gj.DropObject();
    const { result, upd } = postBatch(admin.s, "GL_GeneralJournal_upd", "GL_GeneralJournalUpdate_ui", admin.batchNo);
    expect(result).toBe(0);
    expect(upd.sLastErrorMsg).toContain("This journal is out of balance");
  });

  it("a balanced entry posts to GL_DetailPosting and GL_PeriodPostingHistory at its posting date", () => {
    const { sim, s, gj, line, batchNo, entryNo } = journal();
    expect(gj.nSetValue("PostingDate$", "20250131")).toBe(0);
    expect(gj.nSetValue("PostingDate$", "20250331")).toBe(1);
    line("6100-00", 1500, 0);
    line("2000-00", 0, 1500);
    expect(gj.nWrite()).toBe(1);
    gj.DropObject();
    expect(postBatch(s, "GL_GeneralJournal_upd", "GL_GeneralJournalUpdate_ui", batchNo).result).toBe(1);
    const co = sim.company("ABC");
    const rows = [...co.t("GL_DetailPosting").values()];
    expect(rows.map((r) => [r.AccountKey, r.PostingDate, r.DebitAmount, r.CreditAmount])).toEqual([
      ["000000014", "20250331", 1500, 0],
      ["000000005", "20250331", 0, 1500],
    ]);
    expect(co.t("GL_PeriodPostingHistory").get(["000000014", "2025", "03"])?.DebitAmount).toBe(1500);
    expect(co.t("GL_GeneralJournalHistory").get(["GJ", entryNo])?.DebitAmount).toBe(1500);
  });
});
