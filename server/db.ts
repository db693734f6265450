// The one Prisma client of the server, over node-postgres (no native engine), plus the transaction helper.
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/lib/env";
import { Prisma, PrismaClient } from "@/server/generated/prisma/client";

export type Db = PrismaClient;
/** What a service accepts: the client or an open transaction. */
export type DbOrTx = PrismaClient | Prisma.TransactionClient;

/** Connections per process: the runner's 48 runs and the agents' requests share them (env DATABASE_POOL_SIZE). */
export const POOL_SIZE = 20;

function createClient(url: string): PrismaClient {
  const max = env().DATABASE_POOL_SIZE ?? POOL_SIZE;
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}

// Next.js dev reloads modules; keep one pool per process.
const globalForDb = globalThis as unknown as { ledgerlinkDb?: PrismaClient };

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    globalForDb.ledgerlinkDb ??= createClient(env().DATABASE_URL);
    const value = Reflect.get(globalForDb.ledgerlinkDb, prop);
    return typeof value === "function" ? value.bind(globalForDb.ledgerlinkDb) : value;
  },
});

/** Runs `fn` in one database transaction: all of its writes land, or none do. */
export function transaction<T>(
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  options?: { timeout?: number },
): Promise<T> {
  return db.$transaction(fn, { timeout: options?.timeout ?? 15_000, maxWait: 10_000 });
}

export { Prisma };
