// The agent's structural BOI types are satisfied by simulator objects, so driver code can be typed once.
import { describe, expect, it } from "vitest";
import { byRef } from "../boi/by-ref";
import type { BoiBatchDocument, BoiScript, BoiSession, BoiUpdate } from "../../../agent/src/drivers/boi-types";
import { DEFAULT_HOME_PATH } from "../simulator";
import { newSim } from "./helpers";

function createInvoice(script: BoiScript, session: BoiSession): string {
  session.nSetProgram(session.nLookupTask("AR_Invoice_ui"));
  const inv = script.NewObject("AR_Invoice_bus", session) as BoiBatchDocument;
  const batch = byRef("");
  inv.nSelectNewBatch(batch, "N", "typed");
  inv.nSetKeyValue("InvoiceNo$", "T000001");
  if (inv.nSetKey() !== 2) throw new Error(inv.sLastErrorMsg);
  inv.nSetValue("CustomerNo$", "CITYHALL");
  inv.oLines.nAddLine();
  inv.oLines.nSetValue("ItemCode$", "/SERVICE");
  inv.oLines.nSetValue("ExtensionAmt", 42);
  inv.oLines.nWrite();
  if (inv.nWrite() !== 1) throw new Error(inv.sLastErrorMsg);
  inv.DropObject();
  session.nSetProgram(session.nLookupTask("AR_SalesJournal_ui"));
  const upd = script.NewObject("AR_SalesJournal_upd", session) as BoiUpdate;
  upd.nSelectBatch(batch.valueOf());
  upd.nProcessReport("PRINT");
  if (upd.nUpdate() !== 1) throw new Error(upd.sLastErrorMsg);
  return batch.valueOf();
}

describe("typed driver code", () => {
  it("runs against simulator objects through the Boi* interfaces", () => {
    const { sim } = newSim();
    const script: BoiScript = sim.createScript();
    script.Init(DEFAULT_HOME_PATH);
    const session = script.NewObject("SY_Session") as BoiSession;
    session.nSetUser("ledgerlink", "ledgerlink");
    session.nSetCompany("ABC");
    session.nSetModule("A/R");
    expect(createInvoice(script, session)).toBe("00001");
    expect(sim.company("ABC").t("AR_OpenInvoice").get(["00", "CITYHALL", "T000001", "IN"])?.Balance).toBe(42);
  });
});
