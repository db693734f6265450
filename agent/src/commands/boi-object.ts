// A thin, typed wrapper over one BOI object: every call's return code is checked the same way, -1 warnings are
// collected, and a 0 becomes a BoiFailure carrying sLastErrorMsg and the protocol field it concerns.
import { BoiFailure, SessionLostError } from "../drivers/boi-failure";
import type { BoiDataObject, BoiLines, BoiObject, BoiUpdate } from "../drivers/boi-types";
import type { BoiHandle } from "../drivers/types";

/** sLastErrorNum is inferred to exist on real BOI objects (spec §1.2): read it defensively. */
function lastErrorNum(obj: BoiObject): string | undefined {
  try {
    const num = obj.sLastErrorNum;
    return num ? String(num) : undefined;
  } catch {
    return undefined;
  }
}

/** Throws for a 0 return: Sage's message, or a dead session when a failing call says nothing at all. */
export function failFrom(obj: BoiObject, call: string, field?: string): never {
  const message = String(obj.sLastErrorMsg ?? "").trim();
  if (!message)
    throw new SessionLostError(
      `Sage 100 answered ${call} with a failure and no message: the session is no longer working.`,
    );
  throw new BoiFailure(message, { sageCode: lastErrorNum(obj), field, call });
}

type SetValueTarget = {
  nSetValue(column: string, value: unknown): number;
  readonly sLastErrorMsg: string;
  readonly sLastErrorNum?: string;
};

function setChecked(
  obj: SetValueTarget & BoiObject,
  name: string,
  column: string,
  value: string | number,
  field: string | undefined,
  warnings: string[],
): void {
  const rc = obj.nSetValue(column, value);
  if (rc === 0) failFrom(obj, `${name}.nSetValue(${column})`, field);
  if (rc === -1 && obj.sLastErrorMsg) warnings.push(obj.sLastErrorMsg);
}

export class BusObject<T extends BoiDataObject = BoiDataObject> {
  constructor(
    readonly obj: T,
    readonly name: string,
    private readonly handle: BoiHandle,
    readonly warnings: string[],
  ) {}

  keyValue(column: string, value: string, field?: string): void {
    if (this.obj.nSetKeyValue(column, value) === 0) failFrom(this.obj, `${this.name}.nSetKeyValue(${column})`, field);
  }

  /** 2 = new record, 1 = existing record loaded for edit (spec §1.2). */
  setKey(lastSegment?: string, field?: string): 1 | 2 {
    const rc = lastSegment === undefined ? this.obj.nSetKey() : this.obj.nSetKey(lastSegment);
    if (rc === 1 || rc === 2) return rc;
    return failFrom(this.obj, `${this.name}.nSetKey`, field);
  }

  find(): boolean {
    return this.obj.nFind() === 1;
  }

  set(column: string, value: string | number, field?: string): void {
    setChecked(this.obj, this.name, column, value, field, this.warnings);
  }

  /** Sets the column only when the protocol field was given. */
  setIf(column: string, value: string | number | undefined, field?: string): void {
    if (value !== undefined) this.set(column, value, field);
  }

  get(column: string): unknown {
    const ref = this.handle.makeRef<unknown>("");
    this.obj.nGetValue(column, ref);
    return ref.valueOf();
  }

  getString(column: string): string {
    return String(this.get(column) ?? "").trim();
  }

  write(): void {
    const rc = this.obj.nWrite();
    if (rc === 0) failFrom(this.obj, `${this.name}.nWrite`);
    if (rc === -1 && this.obj.sLastErrorMsg) this.warnings.push(this.obj.sLastErrorMsg);
  }

  /** Abandons the record in edit (releases its lock). */
  clear(): void {
    this.obj.nClear();
  }

  delete(): void {
    if (this.obj.nDelete() === 0) failFrom(this.obj, `${this.name}.nDelete`);
  }

  /** Calls a next-number method (nGetNextInvoiceNo, nGetNextDepositNo...) and returns the number. */
  nextNumber(method: string): string {
    const ref = this.handle.makeRef("");
    const fn = (this.obj as unknown as Record<string, (r: unknown) => number>)[method];
    if (typeof fn !== "function" || fn.call(this.obj, ref) === 0) failFrom(this.obj, `${this.name}.${method}`);
    return String(ref.valueOf()).trim();
  }

  lines(): LinesObject {
    const lines = (this.obj as unknown as { oLines: BoiLines }).oLines;
    return new LinesObject(lines, `${this.name}.oLines`, this.handle, this.warnings);
  }
}

export class LinesObject {
  constructor(
    private readonly obj: BoiLines,
    private readonly name: string,
    private readonly handle: BoiHandle,
    private readonly warnings: string[],
  ) {}

  add(field?: string): void {
    if (this.obj.nAddLine() === 0) failFrom(this.obj, `${this.name}.nAddLine`, field);
  }

  set(column: string, value: string | number, field?: string): void {
    setChecked(this.obj, this.name, column, value, field, this.warnings);
  }

  setIf(column: string, value: string | number | undefined, field?: string): void {
    if (value !== undefined) this.set(column, value, field);
  }

  get(column: string): unknown {
    const ref = this.handle.makeRef<unknown>("");
    this.obj.nGetValue(column, ref);
    return ref.valueOf();
  }

  write(field?: string): void {
    const rc = this.obj.nWrite();
    if (rc === 0) failFrom(this.obj, `${this.name}.nWrite`, field);
    if (rc === -1 && this.obj.sLastErrorMsg) this.warnings.push(this.obj.sLastErrorMsg);
  }
}

/** Module date, module and program on the session, then NewObject (spec §1.1 call order). */
export function newBoiObject<T>(
  handle: BoiHandle,
  spec: { object: string; task: string; module: string },
  moduleDate: string,
): T {
  const s = handle.session;
  if (s.nSetDate(spec.module, moduleDate) === 0) failFrom(s, `SY_Session.nSetDate(${spec.module})`);
  if (s.nSetModule(spec.module) === 0) failFrom(s, `SY_Session.nSetModule(${spec.module})`);
  const taskId = s.nLookupTask(spec.task);
  if (!taskId) failFrom(s, `SY_Session.nLookupTask(${spec.task})`);
  if (s.nSetProgram(taskId) === 0) failFrom(s, `SY_Session.nSetProgram(${spec.task})`);
  try {
    return handle.script.NewObject(spec.object, s) as T;
  } catch (error) {
    // "No Access" is a rights problem of the Sage user, not a broken session.
    const message = error instanceof Error ? error.message : String(error);
    if (/No Access/i.test(message))
      throw new BoiFailure(message.replace(/^NewObject:\s*/, ""), { call: `NewObject(${spec.object})` });
    throw error;
  }
}

/** Runs `fn` with a fresh business object and always drops it (locks and batches are released with it). */
export async function withBusObject<T, R>(
  handle: BoiHandle,
  spec: { object: string; task: string; module: string },
  moduleDate: string,
  warnings: string[],
  fn: (bus: BusObject<T & BoiDataObject>) => R | Promise<R>,
): Promise<R> {
  const obj = newBoiObject<T & BoiDataObject>(handle, spec, moduleDate);
  try {
    return await fn(new BusObject(obj, spec.object, handle, warnings));
  } finally {
    try {
      obj.DropObject();
    } catch {
      // a dead session cannot drop objects; the pool discards the session
    }
  }
}

export type { BoiUpdate };
