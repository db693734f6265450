// What a flow remembers between runs (bookmarks, open batches), per company: one typed JSON document in FlowState,
// validated by the flow's own zod schema on every read and write. A change locks the row, so two processes (or two
// records of one run) never lose each other's writes. Not a ledger record: nothing counts, lists or shows it.
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { db, type Prisma, transaction, type DbOrTx } from "@/server/db";

export type FlowStateSpec<S> = { flow: string; schema: z.ZodType<S>; empty: S };

/** A flow's state: its id in FlowState, its schema, and the state before its first run. */
export const defineFlowState = <S>(flow: string, schema: z.ZodType<S>, empty: S): FlowStateSpec<S> => ({
  flow,
  schema,
  empty,
});

function parsed<S>(spec: FlowStateSpec<S>, companyId: string, raw: unknown): S {
  const stored = raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
  const result = spec.schema.safeParse({ ...(spec.empty as object), ...stored });
  // A bookmark that does not parse is never silently reset (that would read everything again): the run fails, loudly.
  if (!result.success)
    throw new AppError(
      "INTERNAL",
      `The ${spec.flow} state of company ${companyId} is not valid: ${result.error.issues[0]?.message ?? "invalid"}.`,
      { retryClass: "BUG", reason: "FlowStateInvalid" },
    );
  return result.data;
}

export async function readFlowState<S>(spec: FlowStateSpec<S>, companyId: string, client: DbOrTx = db): Promise<S> {
  const row = await client.flowState.findUnique({
    where: { companyId_flow: { companyId, flow: spec.flow } },
    select: { state: true },
  });
  return parsed(spec, companyId, row?.state);
}

/** Read-modify-write of the state, the row locked meanwhile; returns the state as written. */
export function updateFlowState<S>(spec: FlowStateSpec<S>, companyId: string, change: (s: S) => S): Promise<S> {
  return transaction(async (tx) => {
    await tx.flowState.createMany({
      data: [{ companyId, flow: spec.flow, state: spec.empty as Prisma.InputJsonValue }],
      skipDuplicates: true,
    });
    const [row] = await tx.$queryRaw<
      { state: unknown }[]
    >`SELECT "state" FROM "FlowState" WHERE "companyId" = ${companyId} AND "flow" = ${spec.flow} FOR UPDATE`;
    const next = spec.schema.parse(change(parsed(spec, companyId, row?.state)));
    await tx.flowState.update({
      where: { companyId_flow: { companyId, flow: spec.flow } },
      data: { state: next as Prisma.InputJsonValue },
    });
    return next;
  });
}

/** Forgets a flow's state (it starts again as on its first run); returns whether there was one. */
export async function forgetFlowState(client: DbOrTx, companyId: string, flow: string): Promise<boolean> {
  return (await client.flowState.deleteMany({ where: { companyId, flow } })).count > 0;
}
