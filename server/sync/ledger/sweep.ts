// After a COMPLETE sweep of a source list: records it did not see move towards deletion, but only count as
// deleted after a grace window (KashFlow pages can silently drop rows). An incomplete sweep changes nothing.
import { db } from "@/server/db";
import type { SyncSystem } from "@/server/domain/model";
import { NOT_WAITING } from "./waiting-on";

export type GraceWindow = { sweeps: number };
export const DEFAULT_GRACE: GraceWindow = { sweeps: 2 };

export async function closeCompleteSweep(o: {
  companyId: string;
  system: SyncSystem;
  model: string;
  sweepStartedAt: Date;
  grace?: GraceWindow;
}): Promise<{ missing: number; deleted: number }> {
  const grace = o.grace ?? DEFAULT_GRACE;
  const where = {
    companyId: o.companyId,
    system: o.system,
    model: o.model,
    deletedAt: null,
    lastSeenAt: { lt: o.sweepStartedAt },
  };
  return db.$transaction(async (tx) => {
    const missing = await tx.syncRecord.updateMany({
      where: { ...where, missingSince: null },
      data: { missingSince: o.sweepStartedAt },
    });
    await tx.syncRecord.updateMany({ where, data: { missingSweeps: { increment: 1 } } });
    // Deleted at the source: the flow propagates it (archive / make inactive), never a silent delete.
    const deleted = await tx.syncRecord.updateMany({
      where: { ...where, missingSweeps: { gte: grace.sweeps } },
      data: {
        deletedAt: new Date(),
        status: "PENDING",
        attempts: 0,
        nextAttemptAt: null,
        heldBy: null,
        ...NOT_WAITING,
      },
    });
    return { missing: missing.count, deleted: deleted.count };
  });
}
