// Choosing the key of a record we create: the first candidate (rules/keys.ts) that no link, no ledger row of the
// target and no other record's reservation holds, and that the target itself does not have. Deterministic: the same
// record asks for the same candidates in the same order, and keeps what it was given (reserved on its ledger row).
import { db } from "@/server/db";
import type { FlowContext } from "../engine/flow";
import type { ModelName } from "../model";
import { firstFreeKey } from "../rules/keys";

/** A Sage 100 key ("00-NOR01", "/CONSULT") nobody uses; `exists` asks Sage for records Ledgerlink has not seen. */
export function allocateSage100Key(
  ctx: FlowContext,
  o: { model: ModelName; selfId: string; candidates: Iterable<string>; exists: (key: string) => Promise<boolean> },
): Promise<string> {
  return firstFreeKey(o.candidates, async (key) => {
    const [link, row, reserved] = await Promise.all([
      db.entityLink.findFirst({ where: { companyId: ctx.companyId, model: o.model, sage100Key: key }, select: { id: true } }),
      db.syncRecord.findFirst({ where: { companyId: ctx.companyId, system: "SAGE100", model: o.model, externalId: key }, select: { id: true } }),
      db.syncRecord.findFirst({ where: { companyId: ctx.companyId, system: "KASHFLOW", model: o.model, counterpartId: key, id: { not: o.selfId } }, select: { id: true } }),
    ]);
    return Boolean(link || row || reserved) || (await o.exists(key));
  });
}

/** A KashFlow key (customer code, "4000/CODE" for products) nobody uses; KashFlow compares codes without case. */
export function allocateKashflowKey(
  ctx: FlowContext,
  o: { model: ModelName; selfId: string; candidates: Iterable<string>; exists: (key: string) => Promise<boolean> },
): Promise<string> {
  return firstFreeKey(o.candidates, async (key) => {
    const same = { equals: key, mode: "insensitive" as const };
    const [link, row, reserved] = await Promise.all([
      db.entityLink.findFirst({ where: { companyId: ctx.companyId, model: o.model, kashflowId: same }, select: { id: true } }),
      db.syncRecord.findFirst({ where: { companyId: ctx.companyId, system: "KASHFLOW", model: o.model, externalId: same }, select: { id: true } }),
      db.syncRecord.findFirst({ where: { companyId: ctx.companyId, system: "SAGE100", model: o.model, counterpartId: same, id: { not: o.selfId } }, select: { id: true } }),
    ]);
    return Boolean(link || row || reserved) || (await o.exists(key));
  });
}
