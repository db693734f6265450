// Tests' command of choice: a ping queued for a tenant's company under an idempotency key.
import type { Tenant } from "@/tests/factories";
import { enqueueCommand } from "../command-queue";

export const enqueuePing = (t: Tenant, key: string, maxAttempts?: number) =>
  enqueueCommand({
    orgId: t.org.id,
    companyId: t.company.id,
    command: { type: "ping", payload: {} },
    idempotencyKey: key,
    maxAttempts,
  });
