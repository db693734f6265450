// Test helpers: a simulator with a frozen clock and a BOI session opened the way the agent's driver will do it.
import { byRef, type ByRef } from "../boi/by-ref";
import { ControllableClock } from "../clock";
import {
  createSage100Simulator,
  DEFAULT_HOME_PATH,
  type Sage100Simulator,
  type Sage100SimulatorOptions,
} from "../simulator";

/** COM objects are loosely typed from the driver's point of view (as with winax). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Com = any;

export const START = "2025-03-15T10:30:00Z";

export function newSim(options: Sage100SimulatorOptions = {}): { sim: Sage100Simulator; clock: ControllableClock } {
  const clock = new ControllableClock({ start: START, frozen: true });
  return { sim: createSage100Simulator({ clock, ...options }), clock };
}

export interface OpenOptions {
  company?: string;
  user?: string;
  password?: string;
  module?: string;
  date?: string;
  task?: string;
}

export function openSession(sim: Sage100Simulator, o: OpenOptions = {}): { script: Com; session: Com } {
  const script: Com = sim.createScript();
  script.Init(DEFAULT_HOME_PATH);
  const session: Com = script.NewObject("SY_Session");
  const user = o.user ?? "ledgerlink";
  if (session.nSetUser(user, o.password ?? user.toLowerCase()) !== 1) throw new Error(session.sLastErrorMsg);
  if (session.nSetCompany(o.company ?? "ABC") !== 1) throw new Error(session.sLastErrorMsg);
  const module = o.module ?? "A/R";
  session.nSetDate(module, o.date ?? "20250315");
  session.nSetModule(module);
  if (o.task && session.nSetProgram(session.nLookupTask(o.task)) !== 1) throw new Error(session.sLastErrorMsg);
  return { script, session };
}

/** Switches module/program on the session and creates the object (the documented call order). */
export function newObject(
  s: { script: Com; session: Com },
  name: string,
  task: string,
  module?: string,
  date = "20250315",
): Com {
  if (module) {
    s.session.nSetDate(module, date);
    s.session.nSetModule(module);
  }
  if (s.session.nSetProgram(s.session.nLookupTask(task)) !== 1) throw new Error(s.session.sLastErrorMsg);
  return s.script.NewObject(name, s.session);
}

export function ref<T = string>(initial: T = "" as T): ByRef<T> {
  return byRef(initial);
}

export function get(obj: Com, column: string): unknown {
  const r = byRef<unknown>("");
  obj.nGetValue(column, r);
  return r.valueOf();
}

/** Creates and writes an A/R invoice in a new batch; returns the numbers. */
export function createArInvoice(
  s: { script: Com; session: Com },
  opts: {
    customer?: string;
    lines?: Array<{ item: string; qty?: number; price?: number; amount?: number }>;
    batch?: string;
    date?: string;
  } = {},
): { inv: Com; invoiceNo: string; batchNo: string; result: number } {
  const inv = newObject(s, "AR_Invoice_bus", "AR_Invoice_ui", "A/R");
  const b = ref();
  if (opts.batch) inv.nSelectBatch(opts.batch);
  else inv.nSelectNewBatch(b, "N", "test");
  const no = ref();
  inv.nGetNextInvoiceNo(no);
  inv.nSetKeyValue("InvoiceNo$", no.value);
  if (inv.nSetKey() !== 2) throw new Error(`nSetKey: ${inv.sLastErrorMsg}`);
  if (inv.nSetValue("CustomerNo$", opts.customer ?? "ACME") === 0) throw new Error(inv.sLastErrorMsg);
  if (opts.date) inv.nSetValue("InvoiceDate$", opts.date);
  for (const l of opts.lines ?? [{ item: "/INSTALL", qty: 2 }]) {
    inv.oLines.nAddLine();
    if (inv.oLines.nSetValue("ItemCode$", l.item) === 0) throw new Error(inv.oLines.sLastErrorMsg);
    if (l.qty !== undefined) inv.oLines.nSetValue("QuantityShipped", l.qty);
    if (l.price !== undefined) inv.oLines.nSetValue("UnitPrice", l.price);
    if (l.amount !== undefined) inv.oLines.nSetValue("ExtensionAmt", l.amount);
    if (inv.oLines.nWrite() === 0) throw new Error(inv.oLines.sLastErrorMsg);
  }
  const result = inv.nWrite();
  return { inv, invoiceNo: no.value, batchNo: opts.batch ?? b.value, result };
}

/** Posts a batch with an update object (nSelectBatch, nSetPostingDate, nProcessReport, nUpdate). */
export function postBatch(
  s: { script: Com; session: Com },
  updName: string,
  task: string,
  batchNo: string | null,
  date = "20250315",
): { upd: Com; result: number } {
  const upd = newObject(s, updName, task);
  if (batchNo !== null && upd.nSelectBatch(batchNo) !== 1) return { upd, result: 0 };
  upd.nSetPostingDate(date);
  upd.nProcessReport("PRINT");
  return { upd, result: upd.nUpdate() };
}
