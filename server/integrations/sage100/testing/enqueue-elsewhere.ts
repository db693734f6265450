// Test support: another app instance — a separate process on the same database — enqueues one ping and exits.
//   node --import tsx enqueue-elsewhere.ts <orgId> <companyId> <idempotencyKey>
import { enqueueCommand } from "../command-queue";
import { db } from "@/server/db";

const [orgId, companyId, idempotencyKey] = process.argv.slice(2);
const { command } = await enqueueCommand({
  orgId: orgId!,
  companyId: companyId!,
  command: { type: "ping", payload: {} },
  idempotencyKey: idempotencyKey!,
});
process.stdout.write(`${JSON.stringify({ id: command.id, at: Date.now() })}\n`);
await db.$disconnect();
process.exit(0);
