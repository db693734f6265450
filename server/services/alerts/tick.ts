// The alerts tick, every minute under either runner: alerts follow the health model (and the agent-offline watchdog,
// which reconcile computes from lastSeenAt and `now`), then the immediate emails, then the digests that are due.
// Each stage is safe on many instances at once (advisory lock, claimed rows), so every instance may tick.
import { db } from "@/server/db";
import { deliverAlerts, type DeliverResult } from "./deliver";
import { sendDigests, type DigestResult } from "./digest";
import { reconcileAlerts, type ReconcileResult } from "./reconcile";

/** Inngest's step.run, or a direct call in the in-process runner. */
export type TickStep = <T>(id: string, fn: () => Promise<T>) => Promise<T>;
const direct: TickStep = (_id, fn) => fn();

export type AlertsTickResult = { reconciled: ReconcileResult; delivered: DeliverResult; digests: DigestResult };

/** `companyIds` limits the tick to those companies and the people who can see them (a requested tick, tests). */
export async function runAlertsTick(
  o: { now?: Date; companyIds?: string[]; step?: TickStep } = {},
): Promise<AlertsTickResult> {
  const now = o.now ?? new Date();
  const step = o.step ?? direct;
  const { companyIds } = o;
  const reconciled = await step("reconcile", () => reconcileAlerts({ companyIds, now }));
  const delivered = await step("deliver", () => deliverAlerts({ now, companyIds }));
  const digests = await step("send-digests", async () =>
    sendDigests({ now, userIds: companyIds ? await peopleWhoSee(companyIds) : undefined }),
  );
  return { reconciled, delivered, digests };
}

async function peopleWhoSee(companyIds: string[]): Promise<string[]> {
  const rows = await db.membership.findMany({
    where: { org: { companies: { some: { id: { in: companyIds } } } } },
    select: { userId: true },
  });
  return [...new Set(rows.map((r) => r.userId))];
}

export function describeTick(r: AlertsTickResult): string | null {
  const parts = [
    r.reconciled.opened ? `${r.reconciled.opened} opened` : "",
    r.reconciled.resolved ? `${r.reconciled.resolved} resolved` : "",
    r.delivered.emails ? `${r.delivered.emails} alert emails` : "",
    r.delivered.backOnline ? `${r.delivered.backOnline} back-online emails` : "",
    r.digests.sent ? `${r.digests.sent} digests` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}
