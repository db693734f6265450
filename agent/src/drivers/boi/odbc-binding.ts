// THE one file that touches the ProvideX ODBC driver, through the `odbc` package (Windows, loaded on demand).
import { createRequire } from "node:module";
import type { OdbcReader, Row } from "../types";

type OdbcConnection = { query(sql: string, params?: unknown[]): Promise<Row[]>; close(): Promise<void> };
type OdbcModule = { connect(connectionString: string): Promise<OdbcConnection> };

function load(): OdbcModule {
  const name = ["od", "bc"].join("");
  try {
    return createRequire(import.meta.url)(name) as OdbcModule;
  } catch (error) {
    throw new Error(
      `The odbc package is not installed (npm install odbc on the Sage 100 server): ${(error as Error).message}`,
    );
  }
}

/** One connection = one company (spec §4); reconnects after a failed query. */
export function createOdbcReader(connectionString: string): OdbcReader {
  let connection: Promise<OdbcConnection> | undefined;
  return {
    async query(sql, params = []) {
      connection ??= load().connect(connectionString);
      try {
        const rows = await (await connection).query(sql, [...params]);
        return rows.map((r) => ({ ...r }));
      } catch (error) {
        const stale = connection;
        connection = undefined;
        await stale.then((c) => c.close()).catch(() => undefined);
        throw error;
      }
    },
    async close() {
      const open = connection;
      connection = undefined;
      if (open) await open.then((c) => c.close()).catch(() => undefined);
    },
  };
}
