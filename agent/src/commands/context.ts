// What every command handler gets: the BOI session it runs on, the ODBC reader for existence checks, and a sink
// for Sage's -1 warnings.
import type { BoiHandle, OdbcReader, Row } from "../drivers/types";

export type CommandContext = {
  handle: BoiHandle;
  odbc: OdbcReader;
  warnings: string[];
  /** 1 on the first delivery; higher when the server re-sent the command (lease expired or retry). */
  attempt: number;
  driverName: string;
  /** Today as Sage's module date, YYYYMMDD. */
  today: string;
};

/** ISO date -> Sage's YYYYMMDD. */
export const sageDate = (iso: string): string => iso.replaceAll("-", "");

/** Decimal string from the protocol -> the number a BOI numeric column takes. */
export const num = (decimal: string): number => Number(decimal);

/** Document numbers are zero-filled to their column length when numeric, and upper-cased (as Sage stores them). */
export function docNo(value: string, length: number): string {
  const v = value.trim().toUpperCase();
  return /^\d+$/.test(v) && v.length < length ? v.padStart(length, "0") : v;
}

export const code = (value: string): string => value.trim().toUpperCase();

/** First row of a read-only query, or null. */
export async function firstRow(
  odbc: OdbcReader,
  sql: string,
  params: ReadonlyArray<string | number>,
): Promise<Row | null> {
  const rows = await odbc.query(sql, params);
  return rows[0] ?? null;
}
