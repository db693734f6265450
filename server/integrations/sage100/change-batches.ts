// Change batches pushed by the agent: stored once (a resent batch is recognised by its id) for the sync engine.
import { db, Prisma } from "@/server/db";
import type { ChangeBatch } from "@/agent/src/protocol";
import type { AuthenticatedAgent } from "./authenticate-agent";

export async function receiveChangeBatch(
  agent: AuthenticatedAgent,
  batch: ChangeBatch,
): Promise<{ accepted: true; duplicate: boolean }> {
  try {
    await db.sage100ChangeBatch.create({
      data: {
        companyId: agent.companyId,
        agentId: agent.agentId,
        batchId: batch.batchId,
        sageTable: batch.table,
        keyColumns: batch.keyColumns,
        rows: batch.rows as Prisma.InputJsonValue,
        rowCount: batch.rows.length,
        highWater: batch.highWater,
      },
    });
    return { accepted: true, duplicate: false };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return { accepted: true, duplicate: true };
    throw error;
  }
}
