// KashFlow id ⇄ Sage 100 key, unique both ways.
import { AppError } from "@/lib/errors";
import type { DbOrTx } from "@/server/db";

export async function findLink(
  db: DbOrTx,
  o: { companyId: string; model: string; kashflowId?: string; sage100Key?: string },
) {
  if (o.kashflowId)
    return db.entityLink.findUnique({
      where: { companyId_model_kashflowId: { companyId: o.companyId, model: o.model, kashflowId: o.kashflowId } },
    });
  if (o.sage100Key)
    return db.entityLink.findUnique({
      where: { companyId_model_sage100Key: { companyId: o.companyId, model: o.model, sage100Key: o.sage100Key } },
    });
  return null;
}

/** Records that two records are one. Linking either side to a different partner is refused, never overwritten. */
export async function linkEntities(
  db: DbOrTx,
  o: { companyId: string; model: string; kashflowId: string; sage100Key: string },
): Promise<void> {
  const [byKf, bySage] = await Promise.all([
    findLink(db, { ...o, sage100Key: undefined }),
    findLink(db, { ...o, kashflowId: undefined }),
  ]);
  if (byKf && byKf.sage100Key === o.sage100Key) return;
  if (byKf || bySage) {
    throw new AppError(
      "CONFLICT",
      `KashFlow ${o.model} ${o.kashflowId} and Sage 100 ${o.sage100Key} are each already linked to something else.`,
      { retryClass: "NEEDS_USER", reason: "LinkConflict" },
    );
  }
  await db.entityLink.create({
    data: { companyId: o.companyId, model: o.model, kashflowId: o.kashflowId, sage100Key: o.sage100Key },
  });
}
