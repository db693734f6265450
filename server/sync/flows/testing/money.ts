// Test support for the money flows, on top of the master-data harness: FX rates for a span of days, lookup tables,
// settings, and a record's stages run by hand up to the Sage write (a process killed before its ledger commit).
import { byRef, DEFAULT_HOME_PATH } from "@/sandbox/sage100";
import { db, type Prisma } from "@/server/db";
import { isHold } from "../../engine/flow";
import { claimDue } from "../../engine/run-flow";
import { parseSyncSettings, saveSyncSettings, type SyncSettings } from "../../settings";
import { flowById } from "..";
import type { Company } from "./harness";

export const MASTER_FLOWS = [
  "customers.kashflow_to_sage100",
  "customers.sage100_to_kashflow",
  "suppliers.kashflow_to_sage100",
  "suppliers.sage100_to_kashflow",
  "items.kashflow_to_sage100",
  "items.sage100_to_kashflow",
] as const;

/** The same rate for every day from `from` to `to` (inclusive). */
export async function fxRates(
  c: Company,
  rates: ReadonlyArray<readonly [from: string, to: string, rate: string]>,
  from = "2025-01-01",
  to = "2025-12-31",
): Promise<void> {
  const data: Prisma.FxRateCreateManyInput[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000))
    for (const [f, t, rate] of rates)
      data.push({ companyId: c.companyId, fromCurrency: f, toCurrency: t, day: d, rate, source: "manual" });
  await db.fxRate.createMany({ data, skipDuplicates: true });
}

export async function mapAll(c: Company, kind: string, entries: Record<string, string>): Promise<void> {
  await db.mappingEntry.createMany({
    data: Object.entries(entries).map(([sourceKey, targetValue]) => ({
      companyId: c.companyId,
      kind,
      sourceKey,
      targetValue,
    })),
    skipDuplicates: true,
  });
}

export async function updateSettings(c: Company, change: (s: SyncSettings) => void): Promise<SyncSettings> {
  const row = await db.syncSettings.findUnique({ where: { companyId: c.companyId } });
  const s = parseSyncSettings(row?.settings);
  change(s);
  return saveSyncSettings(c.companyId, s);
}

/** KashFlow's purchase nominals (and VAT 2200) to the simulator's chart. */
export const PURCHASE_ACCOUNTS: Record<string, string> = {
  "5000": "5000-00",
  "5010": "1300-00",
  "7000": "6000-00",
  "7100": "6100-00",
  "7200": "6200-00",
  "7500": "6000-00",
  "7502": "6200-00",
  "7600": "6300-00",
  "7900": "7000-00",
  "8200": "6000-00",
  "2200": "2200-00",
};

/** One record's stages by hand, stopping where a killed process would: after the Sage write, before markSynced. */
export async function writeThenDie(c: Company, flowId: string, externalId: string): Promise<string> {
  const flow = flowById(flowId)!;
  const ctx = await c.context(flowId);
  await flow.detect(ctx);
  const record = (await claimDue(ctx, flow, 500)).find((r) => r.externalId === externalId);
  if (!record) throw new Error(`${externalId} is not due`);
  const meta = { id: record.id, externalId, counterpartId: record.counterpartId, deleted: Boolean(record.deletedAt) };
  const ruled = await flow.rules(ctx, flow.canonical.parse(record.payload), meta);
  if (isHold(ruled)) throw new Error(ruled.message);
  await flow.load(ctx, ruled.plan, {
    ...meta,
    counterpartId: (await db.syncRecord.findUniqueOrThrow({ where: { id: record.id } })).counterpartId,
  });
  return record.id;
}

export const ledgerRecord = (
  c: Company,
  model: string,
  externalId: string,
  system: "KASHFLOW" | "SAGE100" = "KASHFLOW",
) =>
  db.syncRecord.findUniqueOrThrow({
    where: { companyId_system_model_externalId: { companyId: c.companyId, system, model, externalId } },
  });

/** Commands of one type the agent was sent for this company (writes counted for "a second cycle writes nothing"). */
export const commandCount = (c: Company, type: string) =>
  db.sage100Command.count({ where: { companyId: c.companyId, type } });

/** A person at Sage 100 on a BOI session of their own (the simulator's admin user), in module `module`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function sageSession(
  sim: Company["sim"],
  module: string,
): { script: any; session: any; object: (name: string, task: string) => any; close: () => void } {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const script: any = sim.createScript();
  script.Init(DEFAULT_HOME_PATH);
  const session = script.NewObject("SY_Session");
  session.nSetUser("admin", "admin");
  session.nSetCompany("ABC");
  session.nSetDate(module, "20250315");
  session.nSetModule(module);
  const objects: { DropObject(): void }[] = [];
  return {
    script,
    session,
    object(name, task) {
      if (session.nSetProgram(session.nLookupTask(task)) !== 1) throw new Error(session.sLastErrorMsg);
      const o = script.NewObject(name, session);
      objects.push(o);
      return o;
    },
    close() {
      for (const o of objects.reverse()) {
        try {
          o.DropObject();
        } catch {
          // dropped already (an entry object is dropped before its batch is posted)
        }
      }
      session.nCleanup();
      session.DropObject();
    },
  };
}

/** A sales order entered in Sage 100 (regular items, quantities); returns its number. */
export function sageSalesOrder(
  sim: Company["sim"],
  o: { customer: string; po: string; lines: ReadonlyArray<readonly [item: string, quantity: number]> },
): string {
  const s = sageSession(sim, "S/O");
  try {
    const so = s.object("SO_SalesOrder_bus", "SO_SalesOrder_ui");
    const no = byRef("");
    so.nGetNextSalesOrderNo(no);
    so.nSetKeyValue("SalesOrderNo$", no.valueOf());
    if (so.nSetKey() !== 2) throw new Error(so.sLastErrorMsg);
    so.nSetValue("CustomerNo$", o.customer);
    so.nSetValue("CustomerPONo$", o.po);
    for (const [item, quantity] of o.lines) {
      so.oLines.nAddLine();
      if (so.oLines.nSetValue("ItemCode$", item) !== 1) throw new Error(so.oLines.sLastErrorMsg);
      so.oLines.nSetValue("QuantityOrdered", quantity);
      if (so.oLines.nWrite() === 0) throw new Error(so.oLines.sLastErrorMsg);
    }
    if (so.nWrite() === 0) throw new Error(so.sLastErrorMsg);
    return String(no.valueOf());
  } finally {
    s.close();
  }
}

/** Ships an order through S/O invoice entry and the sales journal: everything left, or `firstLine` of the first line. */
export function sageShip(sim: Company["sim"], orderNo: string, o: { firstLine?: number } = {}): string {
  const s = sageSession(sim, "S/O");
  try {
    const inv = s.object("SO_Invoice_bus", "SO_Invoice_ui");
    const batch = byRef("");
    inv.nSelectNewBatch(batch, "N", "ship");
    const no = byRef("");
    inv.nGetNextInvoiceNo(no);
    if (inv.nSetKey(no.valueOf()) !== 2) throw new Error(inv.sLastErrorMsg);
    if (inv.nSetValue("SalesOrderNo$", orderNo) !== 1) throw new Error(inv.sLastErrorMsg);
    inv.oLines.nCopyLinesFromSalesOrder(orderNo, o.firstLine === undefined ? "Y" : "N");
    if (o.firstLine !== undefined) {
      inv.oLines.nMoveFirst();
      inv.oLines.nSetValue("QuantityShipped", o.firstLine);
      inv.oLines.nWrite();
    }
    if (inv.nWrite() === 0) throw new Error(inv.sLastErrorMsg);
    inv.DropObject();
    const upd = s.object("SO_SalesJournal_upd", "SO_SalesJournal_ui");
    upd.nSelectBatch(batch.valueOf());
    upd.nSetPostingDate("20250315");
    upd.nProcessReport("PRINT");
    if (upd.nUpdate() !== 1) throw new Error(upd.sLastErrorMsg);
    return String(no.valueOf());
  } finally {
    s.close();
  }
}
