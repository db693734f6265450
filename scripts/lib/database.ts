// Which PostgreSQL the scripts use: DATABASE_URL when set, otherwise the embedded dev cluster under .data/.
import path from "node:path";
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";

export const DEV_DATA_DIR = path.resolve(import.meta.dirname, "../../.data/postgres");
export const DEV_DATABASE = "ledgerlink";
const DEV_PORT = 54329;

export async function resolveDatabase(log: (line: string) => void = () => {}): Promise<RunningPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const server = new URL(external);
    server.pathname = "/postgres";
    return { url: external, serverUrl: server.toString(), stop: async () => {} };
  }
  return startEmbeddedPostgres({ dataDir: DEV_DATA_DIR, database: DEV_DATABASE, preferredPort: DEV_PORT, log });
}
