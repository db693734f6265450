// A record that cannot go before another record has (an invoice before its customer, a payment before its invoice)
// declares what it waits on: the awaited ledger row's system, model and external id, kept in typed columns. It stays
// PENDING but not due (engine/run-flow.ts dueWhere), nobody is asked to act, and the engine releases every record of
// a flow whose awaited row has synced, in one statement at the start of each run. One mechanism for every flow.
import { db } from "@/server/db";
import type { Hold } from "../engine/flow";
import type { SyncSystem } from "@/server/domain/model";

export const WAITING_FOR_RECORD = "WAITING_FOR_RECORD";

/** The ledger row a record waits on. */
export type WaitingOn = { system: SyncSystem; model: string; externalId: string };

/** What rules (or checks) return for a record that must wait on another: the engine parks it, not a person. */
export const waitOn = (waitingOn: WaitingOn, message: string): Hold => ({
  hold: true,
  code: WAITING_FOR_RECORD,
  message,
  waitingOn,
});

/** Column values of a record that waits on nothing (spread into any update that sets a record PENDING again). */
export const NOT_WAITING = { waitingOnSystem: null, waitingOnModel: null, waitingOnExternalId: null } as const;

/**
 * Releases a flow's records whose awaited row has reached the other system: that row is SYNCED, or it is linked to
 * its counterpart (a customer synced once and edited since is still there to invoice). One set-based statement,
 * cheap when nothing waits (the scan is of the flow's PENDING rows). Returns how many went back to due.
 */
export async function releaseWaitingOn(o: { companyId: string; system: SyncSystem; model: string }): Promise<number> {
  return db.$executeRaw`
    UPDATE "SyncRecord" AS w
    SET "waitingOnSystem" = NULL, "waitingOnModel" = NULL, "waitingOnExternalId" = NULL, "errorCode" = NULL, "errorMessage" = NULL, "updatedAt" = now()
    WHERE w."companyId" = ${o.companyId} AND w."system" = ${o.system}::"SyncSystem" AND w."model" = ${o.model}
      AND w."status" = 'PENDING'::"SyncRecordStatus" AND w."waitingOnModel" IS NOT NULL
      AND (
        EXISTS (SELECT 1 FROM "SyncRecord" AS a
                WHERE a."companyId" = w."companyId" AND a."system" = w."waitingOnSystem" AND a."model" = w."waitingOnModel"
                  AND a."externalId" = w."waitingOnExternalId" AND a."status" = 'SYNCED'::"SyncRecordStatus")
        OR (w."waitingOnSystem" = 'KASHFLOW'::"SyncSystem" AND EXISTS (SELECT 1 FROM "EntityLink" AS l
                WHERE l."companyId" = w."companyId" AND l."model" = w."waitingOnModel" AND l."kashflowId" = w."waitingOnExternalId"))
        OR (w."waitingOnSystem" = 'SAGE100'::"SyncSystem" AND EXISTS (SELECT 1 FROM "EntityLink" AS l
                WHERE l."companyId" = w."companyId" AND l."model" = w."waitingOnModel" AND l."sage100Key" = w."waitingOnExternalId"))
      )`;
}
