// Applies prisma/migrations to a database through the wasm schema engine (no native Prisma binary).
import path from "node:path";
import { deployMigrations, withSchemaEngine } from "../db/schema-engine";

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  return withSchemaEngine(
    {
      databaseUrl,
      schemaPath: path.join(ROOT, "prisma/schema.prisma"),
      migrationsDir: path.join(ROOT, "prisma/migrations"),
    },
    (engine) => deployMigrations(engine),
  );
}
