// The driver-adapter factory the wasm schema engine talks to PostgreSQL through: adapter-pg plus our work-arounds.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlQueryable,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { markCharacterColumns, retagCatalogColumns } from "./catalog-oids";

const DISPOSE_TIMEOUT_MS = 5_000;

export type MigrationAdapter = {
  factory: ErrorCapturingSqlMigrationAwareDriverAdapterFactory;
  /** Disposes every connection pool the engine opened and drops any shadow database left behind. */
  close: () => Promise<void>;
};

/** adapter-pg internals we patch; checked at runtime so an adapter upgrade fails loudly, not subtly. */
type PgInternals = {
  performIO: (query: SqlQuery) => Promise<pg.QueryResult<unknown[]>>;
  onError: (error: unknown) => never;
  underlyingDriver?: () => pg.Pool;
};

function internals(queryable: object): PgInternals {
  const candidate = queryable as Partial<PgInternals>;
  if (typeof candidate.performIO !== "function" || typeof candidate.onError !== "function") {
    throw new Error(
      "@prisma/adapter-pg changed: performIO/onError not found; revisit scripts/db/pg-migration-adapter.ts",
    );
  }
  return candidate as PgInternals;
}

function retagResults(queryable: SqlQueryable): void {
  const target = internals(queryable);
  const performIO = target.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  // queryRaw calls performIO with the same query object: this hands the "char" columns from one to the other.
  const charColumnsOf = new WeakMap<SqlQuery, number[]>();
  // Prisma issue #27403: the engine's own catalog queries return pg_catalog types adapter-pg throws on.
  target.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns = retagCatalogColumns(result);
    if (charColumns.length > 0) charColumnsOf.set(query, charColumns);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    markCharacterColumns(resultSet, charColumnsOf.get(query) ?? []);
    charColumnsOf.delete(query);
    return resultSet;
  };
}

function patchAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
  retagResults(adapter);
  const target = internals(adapter);
  const pool = target.underlyingDriver?.();
  if (!pool) throw new Error("@prisma/adapter-pg changed: underlyingDriver() not found");
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const tx: Transaction = await startTransaction(isolationLevel);
    retagResults(tx);
    return tx;
  };
  // adapter-pg splits scripts on every ";" (breaking quoted and $$-bodies) and runs the pieces one by one; one
  // simple-protocol query runs the whole migration atomically, exactly as Prisma's native engine does.
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      target.onError(error);
    }
  };
  return adapter;
}

type PgTarget = { config: pg.PoolConfig; schema: string | undefined };

/** Prisma URLs may carry `?schema=`; pg doesn't know it, adapter-pg takes it as an option. */
function pgTarget(databaseUrl: string, database?: string): PgTarget {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema") ?? undefined;
  url.searchParams.delete("schema");
  if (database) url.pathname = `/${encodeURIComponent(database)}`;
  return { config: { connectionString: url.toString(), max: 4 }, schema };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function onServer(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client(pgTarget(databaseUrl).config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function createMigrationAdapter(databaseUrl: string): MigrationAdapter {
  const main = pgTarget(databaseUrl);
  const mainFactory = new PrismaPg(main.config, main.schema ? { schema: main.schema } : undefined);
  const open = new Set<() => Promise<void>>();

  const track = (adapter: SqlDriverAdapter, afterDispose?: () => Promise<void>): SqlDriverAdapter => {
    const dispose = adapter.dispose.bind(adapter);
    let done: Promise<void> | null = null;
    // pg throws when a pool is ended twice, and the engine may or may not dispose what it opened: make it idempotent.
    const disposeOnce = () => {
      done ??= (async () => {
        open.delete(disposeOnce);
        try {
          // A pool whose client the engine abandoned mid-transaction (after a panic) would wait forever.
          await Promise.race([
            dispose(),
            new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref()),
          ]);
        } finally {
          await afterDispose?.();
        }
      })();
      return done;
    };
    adapter.dispose = disposeOnce;
    open.add(disposeOnce);
    return adapter;
  };

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: mainFactory.provider,
    adapterName: mainFactory.adapterName,
    connect: async () => track(patchAdapter(await mainFactory.connect())),
    // adapter-pg's own connectToShadowDb keeps the connection string (so it migrates the REAL database) and drops the
    // shadow database while still connected to it: we create it, point a fresh pool at it, and force-drop it after.
    connectToShadowDb: async () => {
      const shadowName = `prisma_migrate_shadow_db_${randomUUID()}`;
      await onServer(databaseUrl, `CREATE DATABASE ${quoteIdent(shadowName)}`);
      const shadow = pgTarget(databaseUrl, shadowName);
      const drop = () => onServer(databaseUrl, `DROP DATABASE IF EXISTS ${quoteIdent(shadowName)} WITH (FORCE)`);
      try {
        const adapter = await new PrismaPg(
          shadow.config,
          shadow.schema ? { schema: shadow.schema } : undefined,
        ).connect();
        return track(patchAdapter(adapter), drop);
      } catch (error) {
        await drop();
        throw error;
      }
    },
  };

  return {
    factory: bindMigrationAwareSqlAdapterFactory(factory),
    close: async () => {
      const results = await Promise.allSettled([...open].map((dispose) => dispose()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  };
}
