// The BOI object API as command logic sees it: structural types written once against the BOI API, which a winax
// COM object and a simulator object (sandbox/sage100, checked by its com-types test) both satisfy, so only session
// creation and the by-ref factory differ between the two drivers.

/** A by-reference out parameter (simulator ByRef or winax.Variant(v, "byref")). */
export interface BoiRef<T = unknown> {
  valueOf(): T;
}

export interface BoiObject {
  readonly sLastErrorMsg: string;
  /** Symbolic error code (inferred to exist on real BOI objects; read it defensively). */
  readonly sLastErrorNum?: string;
  DropObject(): unknown;
}

export interface BoiScript {
  Init(homePath: string): unknown;
  NewObject(name: string, session?: unknown, ...args: unknown[]): unknown;
}

export interface BoiSession extends BoiObject {
  nSetUser(user: string, password: string): number;
  nLogon(): number;
  nSetCompany(company: string): number;
  nSetDate(module: string, yyyymmdd: string): number;
  nSetModule(module: string): number;
  nLookupTask(taskName: string): number;
  nSetProgram(taskId: number): number;
  nCleanup(): number;
  readonly sCompanyCode: string;
  readonly sModuleDate: string;
}

export interface BoiDataObject extends BoiObject {
  nSetKeyValue(column: string, value: unknown): number;
  nSetKey(lastKeySegment?: unknown): number;
  nFind(lastKeySegment?: unknown): number;
  nGetValue(column: string, ref: BoiRef | object): number;
  nSetValue(column: string, value: unknown): number;
  nWrite(): number;
  nDelete(lastKeySegment?: unknown): number;
  nClear(): number;
  nSetBrowseFilter(prefix: string): number;
  nMoveFirst(): number;
  nMoveNext(): number;
  readonly nEOF: number;
}

export interface BoiLines extends BoiObject {
  nAddLine(): number;
  nSetValue(column: string, value: unknown): number;
  nGetValue(column: string, ref: BoiRef | object): number;
  nWrite(): number;
  nDelete(): number;
  nClear(): number;
  nMoveFirst(): number;
  nMoveNext(): number;
  readonly nEOF: number;
}

export interface BoiDocument extends BoiDataObject {
  readonly oLines: BoiLines;
}

export interface BoiBatchDocument extends BoiDocument {
  nSelectBatch(batchNo: string): number;
  nSelectNewBatch(batchNoRef: BoiRef | object, privateBatch: "Y" | "N", comment: string): number;
}

export interface BoiUpdate extends BoiObject {
  nSelectBatch(batchNo: string): number;
  nSetPostingDate(yyyymmdd: string): number;
  nProcessReport(destination: string): number;
  nUpdate(): number;
  nCloseBatch(batchNo?: string): number;
}
