// One ledger record with its timeline: every attempt (what was sent, what came back, how it ended) of it and of its
// counterpart in the other system (both directions of the same thing), the entity link, and the flows that carry it.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { findLink } from "@/server/sync/ledger/links";
import { OTHER } from "@/server/domain/model";
import { requireSyncCompany, type SyncScope } from "./company-scope";
import { flowLabel, flowsCarrying } from "./flow-catalogue";
import { waitingForOf } from "./waiting-for";

export const TIMELINE_LIMIT = 100;

const warningsSchema = z
  .array(z.object({ field: z.string().catch("(record)"), message: z.string().catch("") }))
  .catch([]);

export async function getSyncRecord(scope: SyncScope & { recordId: string }) {
  await requireSyncCompany(scope);
  const { companyId, recordId } = scope;
  const record = await db.syncRecord.findFirst({ where: { id: recordId, companyId } });
  if (!record) throw AppError.notFound("Record");
  const other = OTHER[record.system];
  const [counterpart, link, waits] = await Promise.all([
    record.counterpartId
      ? db.syncRecord.findUnique({
          where: {
            companyId_system_model_externalId: {
              companyId,
              system: other,
              model: record.model,
              externalId: record.counterpartId,
            },
          },
          select: { id: true, system: true, externalId: true, status: true, payload: true },
        })
      : null,
    findLink(db, {
      companyId,
      model: record.model,
      ...(record.system === "KASHFLOW" ? { kashflowId: record.externalId } : { sage100Key: record.externalId }),
    }),
    waitingForOf(companyId, [record]),
  ]);
  // One timeline for the thing in both systems: a record Ledgerlink wrote from the other side has its attempts there.
  const recordIds = counterpart ? [record.id, counterpart.id] : [record.id];
  const [attempts, attemptCount] = await Promise.all([
    db.syncAttempt.findMany({
      where: { companyId, recordId: { in: recordIds } },
      orderBy: [{ startedAt: "desc" }, { id: "desc" }],
      take: TIMELINE_LIMIT,
    }),
    db.syncAttempt.count({ where: { companyId, recordId: { in: recordIds } } }),
  ]);
  const payloadName = (p: unknown) =>
    p && typeof p === "object" && typeof (p as { name?: unknown }).name === "string"
      ? (p as { name: string }).name
      : null;
  return {
    record: {
      ...record,
      name: payloadName(record.payload),
      warnings: warningsSchema.parse(record.warnings),
      waitingFor: waits.get(record.id) ?? null,
    },
    attempts: attempts.map((a) => ({
      ...a,
      flowLabel: flowLabel(a.flow),
      durationMs: a.finishedAt.getTime() - a.startedAt.getTime(),
      ofCounterpart: a.recordId !== record.id,
    })),
    attemptCount,
    counterpart: counterpart
      ? {
          id: counterpart.id,
          system: counterpart.system,
          externalId: counterpart.externalId,
          status: counterpart.status,
          name: payloadName(counterpart.payload),
        }
      : null,
    link: link ? { kashflowId: link.kashflowId, sage100Key: link.sage100Key, createdAt: link.createdAt } : null,
    flows: flowsCarrying(record.system, record.model).map((f) => ({
      id: f.id,
      label: f.label,
      direction: f.direction,
    })),
  };
}

export type SyncRecordDetail = Awaited<ReturnType<typeof getSyncRecord>>;
