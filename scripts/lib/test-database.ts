// A throw-away database for a test run: on DATABASE_URL's server when set, else on an embedded test cluster.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { migrateDatabase } from "./migrate";

const DATA_DIR = path.resolve(import.meta.dirname, "../../.data");
const CLUSTER_PREFIX = "test-postgres-";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Clusters of earlier runs that were killed before they could clean up. */
function removeStaleClusters(): void {
  if (!fs.existsSync(DATA_DIR)) return;
  for (const entry of fs.readdirSync(DATA_DIR)) {
    const pid = Number(entry.slice(CLUSTER_PREFIX.length));
    if (entry.startsWith(CLUSTER_PREFIX) && pid && !isAlive(pid))
      fs.rmSync(path.join(DATA_DIR, entry), { recursive: true, force: true });
  }
}

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
    // One cluster per test process, so parallel runs (two terminals, two agents) never stop each other's database.
    removeStaleClusters();
    const dataDir = path.join(DATA_DIR, `${CLUSTER_PREFIX}${process.pid}`);
    const cluster = await startEmbeddedPostgres({ dataDir, database: "postgres" });
    serverUrl = cluster.serverUrl;
    stopCluster = async () => {
      await cluster.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
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
