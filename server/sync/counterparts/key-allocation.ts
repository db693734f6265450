// Choosing the key of a record we create: the first candidate (rules/keys.ts) that no link, no ledger row of the
// target and no other record's reservation holds. Deterministic: the same record asks for the same candidates in
// the same order, and keeps what it was given (reserved on its ledger row; the caller also asks the target itself).
import { db } from "@/server/db";
import type { FlowRun } from "../engine/flow-run";
import type { ModelName } from "@/server/domain/model";
import { firstFreeKey } from "../rules/keys";

/** A Sage 100 key ("00-NOR01", "/CONSULT") nobody in the ledger uses. */
export function allocateSage100Key(
  ctx: FlowRun,
  o: { model: ModelName; selfId: string; candidates: Iterable<string> },
): Promise<string> {
  return firstFreeKey(o.candidates, async (key) => {
    const [row] = await db.$queryRaw<[{ taken: boolean }]>`
      SELECT EXISTS (SELECT 1 FROM "EntityLink" WHERE "companyId" = ${ctx.companyId} AND model = ${o.model} AND "sage100Key" = ${key})
          OR EXISTS (SELECT 1 FROM "SyncRecord" WHERE "companyId" = ${ctx.companyId} AND system::text = 'SAGE100' AND model = ${o.model} AND "externalId" = ${key})
          OR EXISTS (SELECT 1 FROM "SyncRecord" WHERE "companyId" = ${ctx.companyId} AND system::text = 'KASHFLOW' AND model = ${o.model} AND "counterpartId" = ${key} AND id <> ${o.selfId})
          AS taken`;
    return row.taken;
  });
}

/** A KashFlow key (customer code, "4000/CODE" for products) nobody in the ledger uses; KashFlow compares codes without case. */
export function allocateKashflowKey(
  ctx: FlowRun,
  o: { model: ModelName; selfId: string; candidates: Iterable<string> },
): Promise<string> {
  return firstFreeKey(o.candidates, async (key) => {
    const [row] = await db.$queryRaw<[{ taken: boolean }]>`
      SELECT EXISTS (SELECT 1 FROM "EntityLink" WHERE "companyId" = ${ctx.companyId} AND model = ${o.model} AND lower("kashflowId") = lower(${key}))
          OR EXISTS (SELECT 1 FROM "SyncRecord" WHERE "companyId" = ${ctx.companyId} AND system::text = 'KASHFLOW' AND model = ${o.model} AND lower("externalId") = lower(${key}))
          OR EXISTS (SELECT 1 FROM "SyncRecord" WHERE "companyId" = ${ctx.companyId} AND system::text = 'SAGE100' AND model = ${o.model} AND lower("counterpartId") = lower(${key}) AND id <> ${o.selfId})
          AS taken`;
    return row.taken;
  });
}
