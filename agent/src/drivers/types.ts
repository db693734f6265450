// What command logic needs from a driver: an open BOI session (script + SY_Session + a by-ref factory) and an
// ODBC-style reader. The boi and simulator drivers differ only in how these are created.
import type { AgentDriverName } from "../protocol";
import type { BoiRef, BoiScript, BoiSession } from "./boi-types";

export type Row = Record<string, unknown>;

/** One logged-in BOI session on one Sage company. */
export interface BoiHandle {
  readonly script: BoiScript;
  readonly session: BoiSession;
  /** ByRef out-parameter factory: byRef() in the simulator, winax.Variant(v, "byref") on Windows. */
  makeRef<T>(initial: T): BoiRef<T> & object;
  readonly company: string;
}

/** Read-only SQL through the ProvideX ODBC driver (or the simulator's ODBC façade). */
export interface OdbcReader {
  query(sql: string, params?: ReadonlyArray<string | number>): Promise<Row[]>;
  close(): Promise<void>;
}

export interface Sage100Driver {
  readonly name: AgentDriverName;
  readonly company: string;
  readonly odbc: OdbcReader;
  /** Runs `fn` on a pooled session; a session that failed at the COM level is discarded, never reused. */
  withSession<T>(fn: (handle: BoiHandle) => T | Promise<T>): Promise<T>;
  sessionStats(): { open: number; max: number };
  /** Closes every idle session and refuses new ones until resumed (period-end needs every Sage user out). */
  drain(): Promise<void>;
  resume(): void;
  /**
   * Makes what the commands so far wrote durable before their results are reported. Sage 100 itself has already
   * (a BOI write is on disk when it returns): only a driver that keeps Sage's data elsewhere (the simulator's state
   * file) has one.
   */
  commit?(): Promise<void>;
  close(): Promise<void>;
}
