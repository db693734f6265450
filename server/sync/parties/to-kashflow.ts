// The rules, validate and load stages of a Sage 100 party (AR customer or AP vendor) going to KashFlow (customer or
// supplier): find its KashFlow record, write only the groups Sage 100 wins, read it back.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { partyToSageFields, SAGE_PARTY_GROUP_FIELDS } from "@/server/integrations/sage100/mappers/party";
import { partySchema, type Party } from "@/server/domain/canonical/party";
import { hold, type Hold, type LoadResult, type RecordMeta } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import { isHold } from "../engine/flow";
import type { RecordWarning } from "@/server/domain/model";
import { differingGroups, PARTY_GROUPS, partyGroupValue, warningsFor } from "../rules/field-groups";
import { kashflowCodeCandidates } from "../rules/keys";
import { decideGroups, type FieldGroup } from "../rules/ownership";
import { counterpartRow, knownToLedger, linkedKashflowId, settleTarget } from "../counterparts/links";
import { kashflowTargetFor, type Noun, type Target } from "../counterparts/target";
import { partySubject } from "./to-sage100";

/** The Sage-side payload: a canonical party and what Sage held that KashFlow cannot (warnings). */
export const sage100PartySchema = partySchema.extend({
  mappingWarnings: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Sage100Party = z.infer<typeof sage100PartySchema>;

export type KashflowRecord<R> = { raw: R; party: Party };

/** What differs between customers and suppliers on the KashFlow side. */
export type KashflowPartySpec<R, I> = {
  model: "customer" | "supplier";
  noun: Noun;
  /** The KashFlow → Sage 100 flow, whose first read this side waits for before creating. */
  kashflowFlowId: string;
  get(ctx: FlowRun, code: string): Promise<KashflowRecord<R> | null>;
  create(ctx: FlowRun, input: I): Promise<void>;
  update(ctx: FlowRun, code: string, input: Partial<I>): Promise<void>;
  createInput(code: string, party: Party): I;
  /** Only the groups being written, built on the record as KashFlow has it (contact ids and other addresses kept). */
  updateInput(current: R, party: Party, groups: readonly FieldGroup[]): Partial<I>;
};

export type ToKashflowPlan =
  | {
      kind: "write";
      code: string;
      how: Target["how"];
      create: unknown;
      update: unknown;
      current: Party | null;
      groups: FieldGroup[];
      yielded: FieldGroup[];
      echoSafe: boolean;
    }
  | { kind: "skip"; code: string | null; reason: string };

const divisionOf = (sageKey: string): string | undefined => /^(\d{2})-/.exec(sageKey)?.[1];

export async function planPartyToKashflow<R, I>(
  ctx: FlowRun,
  spec: KashflowPartySpec<R, I>,
  party: Sage100Party,
  meta: RecordMeta,
): Promise<{ plan: ToKashflowPlan; warnings: RecordWarning[] } | Hold> {
  const { mappingWarnings = [], ...sage } = party;
  if (meta.deleted) return archivePlan(ctx, spec, meta);
  const target = await kashflowTargetFor(ctx, {
    model: spec.model,
    noun: spec.noun,
    kashflowFlowId: spec.kashflowFlowId,
    record: meta,
    subject: partySubject(sage),
    newKeys: kashflowCodeCandidates(sage.code, divisionOf(meta.externalId)),
    exists: async (code) => (await spec.get(ctx, code)) !== null,
  });
  if (isHold(target)) return target;

  const current = target.how === "new" ? null : await spec.get(ctx, target.key);
  if (!current && target.how === "linked")
    return {
      plan: { kind: "skip", code: target.key, reason: `KashFlow no longer has ${spec.noun.one} ${target.key}.` },
      warnings: [],
    };
  const echoSafe = knownToLedger(await counterpartRow(ctx, "KASHFLOW", spec.model, target.key), current?.party ?? null);
  if (!current) {
    // Creating: every group goes, since KashFlow has nothing of its own to keep.
    const plan: ToKashflowPlan = {
      kind: "write",
      code: target.key,
      how: target.how,
      create: spec.createInput(target.key, sage),
      update: null,
      current: null,
      groups: [...PARTY_GROUPS],
      yielded: [],
      echoSafe,
    };
    return { plan, warnings: mappingWarnings };
  }
  const rule = ctx.settings.sage100;
  const differing = differingGroups({
    groups: PARTY_GROUPS,
    canonical: { kashflow: current.party, sage100: sage },
    sage: { kashflow: partyToSageFields(current.party, rule).fields, sage100: partyToSageFields(sage, rule).fields },
    canonicalValue: partyGroupValue,
    sageFields: SAGE_PARTY_GROUP_FIELDS,
  });
  const decision = decideGroups({
    source: "SAGE100",
    differing,
    settings: ctx.settings,
    sourceUpdatedAt: sage.updatedAt,
    targetUpdatedAt: current.party.updatedAt,
  });
  const update = decision.write.length ? spec.updateInput(current.raw, sage, decision.write) : null;
  return {
    plan: {
      kind: "write",
      code: target.key,
      how: target.how,
      create: null,
      update,
      current: current.party,
      groups: decision.write,
      yielded: decision.yielded,
      echoSafe,
    },
    warnings: warningsFor(mappingWarnings, decision.write),
  };
}

/** Gone from Sage 100: the KashFlow record is archived, never deleted. */
async function archivePlan<R, I>(
  ctx: FlowRun,
  spec: KashflowPartySpec<R, I>,
  meta: RecordMeta,
): Promise<{ plan: ToKashflowPlan; warnings: RecordWarning[] }> {
  const code = (await linkedKashflowId(ctx, spec.model, meta.externalId)) ?? meta.counterpartId;
  if (!code)
    return {
      plan: { kind: "skip", code: null, reason: "Deleted in Sage 100 before it ever reached KashFlow." },
      warnings: [],
    };
  const current = await spec.get(ctx, code);
  if (!current)
    return {
      plan: { kind: "skip", code, reason: `Deleted in Sage 100; KashFlow no longer has ${code} either.` },
      warnings: [],
    };
  const update = current.party.isArchived
    ? null
    : spec.updateInput(current.raw, { ...current.party, isArchived: true }, ["status"]);
  const echoSafe = knownToLedger(await counterpartRow(ctx, "KASHFLOW", spec.model, code), current.party);
  return {
    plan: {
      kind: "write",
      code,
      how: "linked",
      create: null,
      update,
      current: current.party,
      groups: ["status"],
      yielded: [],
      echoSafe,
    },
    warnings: [],
  };
}

export async function validatePartyForKashflow(plan: ToKashflowPlan, noun: Noun): Promise<Hold | null> {
  const name = plan.kind === "write" ? ((plan.create ?? plan.update) as { Name?: string } | null)?.Name : undefined;
  if (name !== undefined && !name.trim())
    return hold(
      "NAME_REQUIRED",
      `The Sage 100 ${noun.one} has no name, and KashFlow needs one. Add a name in Sage 100.`,
      "name",
    );
  return null;
}

/** Create (or update the reserved code, which a crashed earlier attempt may already have made), then read back. */
export async function loadToKashflow<R, I>(
  ctx: FlowRun,
  spec: KashflowPartySpec<R, I>,
  plan: ToKashflowPlan,
  meta: RecordMeta,
): Promise<LoadResult> {
  if (plan.kind === "skip")
    return { counterpartId: plan.code ?? meta.externalId, request: plan, response: null, skipped: plan.reason };
  if (plan.create) await spec.create(ctx, plan.create as I);
  if (plan.update) await spec.update(ctx, plan.code, plan.update as Partial<I>);
  const after = plan.create || plan.update ? await spec.get(ctx, plan.code) : null;
  if ((plan.create || plan.update) && !after) {
    throw new AppError(
      "UPSTREAM",
      `KashFlow accepted ${spec.noun.one} ${plan.code} but it cannot be read back yet; Ledgerlink will look again.`,
      { retryClass: "TRANSIENT", reason: "ReadBackMissing" },
    );
  }
  const echo = await settleTarget(ctx, {
    system: "KASHFLOW",
    model: spec.model,
    key: plan.code,
    echoSafe: plan.echoSafe,
    yielded: plan.yielded,
    after: after?.party ?? plan.current,
  });
  return {
    counterpartId: plan.code,
    request: plan.create ??
      plan.update ?? { nothingToWrite: true, code: plan.code, how: plan.how, yielded: plan.yielded },
    response: { groups: plan.groups },
    echo,
  };
}
