// Test helper: a real PostgreSQL cluster under .data/ for one test file, removed when stopped.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";

const DATA_ROOT = path.resolve(import.meta.dirname, "../../.data");

export type ThrowawayPostgres = {
  serverUrl: string;
  /** Creates an empty database and returns its URL. */
  createDatabase: () => Promise<string>;
  query: <Row extends object = Record<string, unknown>>(url: string, sql: string, params?: unknown[]) => Promise<Row[]>;
  stop: () => Promise<void>;
};

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dataDir = path.join(DATA_ROOT, `test-db-${randomUUID().slice(0, 8)}`);
  const running = await startEmbeddedPostgres({ dataDir, database: "scratch" });
  let count = 0;
  const query: ThrowawayPostgres["query"] = async (url, sql, params = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    serverUrl: running.serverUrl,
    query,
    createDatabase: async () => {
      const name = `test_${++count}`;
      await query(running.serverUrl, `CREATE DATABASE ${name}`);
      const url = new URL(running.serverUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: async () => {
      await running.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
