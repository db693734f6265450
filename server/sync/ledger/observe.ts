// Detect, persisted: what a source shows us goes into the ledger with a content hash. Unchanged records cost
// one timestamp; changed ones become PENDING; content we wrote ourselves (an echo) is recognised and left alone.
import { contentHash } from "@/server/integrations/kashflow/hash";
import { newId } from "@/lib/ids";
import { db, Prisma } from "@/server/db";
import type { SyncSystem } from "@/server/domain/model";
import { NOT_WAITING } from "./waiting-on";

export type ObservedRecord = { externalId: string; payload: unknown };
export type ObserveResult = { inserted: number; changed: number; unchanged: number; echoes: number };

const BATCH = 500;

/** Timestamps change on every touch (our own writes included), so they never count as content. */
export const VOLATILE_FIELDS = ["createdAt", "updatedAt"] as const;

export function hashPayload(payload: unknown): string {
  return contentHash(payload, VOLATILE_FIELDS);
}

/** What detect stores when a source record cannot even be mapped: held by the engine with this field and reason. */
export type InvalidPayload = { invalid: { field: string; message: string }; source: unknown };
export function invalidPayload(field: string, message: string, source: unknown): InvalidPayload {
  return { invalid: { field, message }, source };
}

/** With `tx`, every write goes into that open transaction (e.g. with marking the source batch processed). */
export async function observeRecords(o: {
  companyId: string;
  system: SyncSystem;
  model: string;
  records: ObservedRecord[];
  seenAt?: Date;
  tx?: Prisma.TransactionClient;
}): Promise<ObserveResult> {
  const client = o.tx ?? db;
  const seenAt = o.seenAt ?? new Date();
  const seen = seenAt.toISOString();
  const result: ObserveResult = { inserted: 0, changed: 0, unchanged: 0, echoes: 0 };
  for (let i = 0; i < o.records.length; i += BATCH) {
    const batch = o.records.slice(i, i + BATCH);
    const existing = await client.syncRecord.findMany({
      where: {
        companyId: o.companyId,
        system: o.system,
        model: o.model,
        externalId: { in: batch.map((r) => r.externalId) },
      },
      select: { id: true, externalId: true, contentHash: true, syncedHash: true, deletedAt: true },
    });
    const byId = new Map(existing.map((e) => [e.externalId, e]));
    const fresh: Prisma.Sql[] = [];
    const untouched: string[] = [];
    const updates: Prisma.PrismaPromise<unknown>[] = [];
    for (const record of batch) {
      const hash = hashPayload(record.payload);
      const before = byId.get(record.externalId);
      const payload = record.payload as Prisma.InputJsonValue;
      if (!before) {
        fresh.push(
          Prisma.sql`(${newId()}, ${o.companyId}, ${o.system}::"SyncSystem", ${o.model}, ${record.externalId}, ${hash}, ${JSON.stringify(record.payload)}::jsonb, 'PENDING'::"SyncRecordStatus", ${seen}::timestamp(3), ${seen}::timestamp(3), ${seen}::timestamp(3))`,
        );
        result.inserted++;
      } else if (before.contentHash === hash && !before.deletedAt) {
        untouched.push(before.id);
        result.unchanged++;
      } else if (before.syncedHash === hash) {
        // The other system already holds exactly this: our own write coming back, or a no-op edit.
        updates.push(
          client.syncRecord.update({
            where: { id: before.id },
            data: {
              contentHash: hash,
              payload,
              status: "SYNCED",
              lastSeenAt: seenAt,
              missingSince: null,
              missingSweeps: 0,
              deletedAt: null,
            },
          }),
        );
        result.echoes++;
      } else {
        updates.push(
          client.syncRecord.update({
            where: { id: before.id },
            data: {
              contentHash: hash,
              payload,
              status: "PENDING",
              attempts: 0,
              nextAttemptAt: null,
              errorCode: null,
              errorMessage: null,
              errorField: null,
              retryClass: null,
              heldBy: null,
              ...NOT_WAITING,
              lastSeenAt: seenAt,
              missingSince: null,
              missingSweeps: 0,
              deletedAt: null,
            },
          }),
        );
        result.changed++;
      }
    }
    const writes = [
      // New records in one multi-row INSERT, their payloads as JSON text (a first sync sees thousands).
      ...(fresh.length
        ? [
            client.$executeRaw`
            INSERT INTO "SyncRecord" ("id", "companyId", "system", "model", "externalId", "contentHash", "payload", "status", "lastSeenAt", "createdAt", "updatedAt")
            VALUES ${Prisma.join(fresh)} ON CONFLICT ("companyId", "system", "model", "externalId") DO NOTHING`,
          ]
        : []),
      ...(untouched.length
        ? [
            client.syncRecord.updateMany({
              where: { id: { in: untouched } },
              data: { lastSeenAt: seenAt, missingSince: null, missingSweeps: 0 },
            }),
          ]
        : []),
      ...updates,
    ];
    if (o.tx) for (const write of writes) await write;
    else await db.$transaction(writes);
  }
  return result;
}
