// A throw-away database for a test run: on DATABASE_URL's server when set, else on an embedded test cluster.
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { migrateDatabase } from "./migrate";

const TEST_CLUSTER_DIR = path.resolve(import.meta.dirname, "../../.data/test-postgres");

export type TestDatabase = { url: string; dispose: () => Promise<void> };

async function recreate(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function drop(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database named `name`; `dispose` drops it and stops a cluster this call started. */
export async function createTestDatabase(name: string): Promise<TestDatabase> {
  const external = process.env.DATABASE_URL;
  let serverUrl: string;
  let stopCluster = async () => {};
  if (external) {
    const server = new URL(external);
    server.pathname = "/postgres";
    serverUrl = server.toString();
  } else {
    const cluster = await startEmbeddedPostgres({ dataDir: TEST_CLUSTER_DIR, database: "postgres" });
    serverUrl = cluster.serverUrl;
    stopCluster = cluster.stop;
  }
  await recreate(serverUrl, name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  return {
    url: url.toString(),
    dispose: async () => {
      await drop(serverUrl, name).catch(() => {});
      await stopCluster();
    },
  };
}
