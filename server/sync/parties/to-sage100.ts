// The rules, validate and load stages of a KashFlow party (customer or supplier) going to Sage 100 (AR customer
// or AP vendor): find its Sage record, fit it into Sage's shape, write only the groups KashFlow wins, read it back.
import type { CommandInput } from "@/agent/src/protocol";
import type { Party } from "@/server/domain/canonical/party";
import {
  partyToSageFields,
  pickPartyFields,
  SAGE_PARTY_GROUP_FIELDS,
  type SagePartyFields,
} from "@/server/integrations/sage100/mappers/party";
import type { SageRow } from "@/server/integrations/sage100/mappers/row";
import { hold, isHold, type Hold, type RecordMeta } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import type { RecordWarning } from "@/server/domain/model";
import { differingGroups, PARTY_GROUPS, partyGroupValue, warningsFor } from "../rules/field-groups";
import type { MatchSubject } from "../rules/matching";
import { decideGroups } from "../rules/ownership";
import { counterpartRow, knownToLedger, linkedSage100Key } from "../counterparts/links";
import { sage100TargetFor, type Noun } from "../counterparts/target";
import type { ToSage100Plan } from "../sage100/load";
import type { Sage100Side } from "../sage100/sides";

/** What differs between customers and vendors on the Sage side. */
export type SagePartySpec = {
  side: Sage100Side;
  noun: Noun;
  rowToParty(row: SageRow): Party;
  fieldsOfRow(row: SageRow): SagePartyFields;
  upsert(key: string, fields: Partial<SagePartyFields>, currentName: string): CommandInput;
  /** New keys for this party in order ("00-NOR01", "00-NOR0101", ...). */
  newKeys(party: Party, division: string): Iterable<string>;
};

export const partySubject = (p: Party): MatchSubject => ({
  code: p.code,
  name: p.name,
  postCode: p.billingAddress?.postCode ?? null,
  emails: p.contacts.map((c) => c.email ?? "").filter(Boolean),
});

export async function planPartyToSage100(
  ctx: FlowRun,
  spec: SagePartySpec,
  party: Party,
  meta: RecordMeta,
): Promise<{ plan: ToSage100Plan; warnings: RecordWarning[] } | Hold> {
  if (meta.deleted) return deactivationPlan(ctx, spec, meta);
  const target = await sage100TargetFor(ctx, {
    model: spec.side.model,
    noun: spec.noun,
    record: meta,
    subject: partySubject(party),
    newKeys: spec.newKeys(party, ctx.settings.sage100.division),
    exists: async (key) => (await spec.side.find(ctx, key)) !== null,
  });
  if (isHold(target)) return target;

  const current = target.how === "new" ? null : await spec.side.find(ctx, target.key);
  if (!current && target.how === "linked")
    return {
      plan: { kind: "skip", key: target.key, reason: `Sage 100 no longer has ${spec.noun.one} ${target.key}.` },
      warnings: [],
    };
  if (!current && (target.how === "matched" || target.how === "chosen")) {
    return hold(
      "MATCH_GONE",
      `The Sage 100 ${spec.noun.one} ${target.key} this was matched to is no longer in Sage 100. Choose again in Match review.`,
    );
  }
  const mine = partyToSageFields(party, ctx.settings.sage100);
  const echoSafe = knownToLedger(
    await counterpartRow(ctx, "SAGE100", spec.side.model, target.key),
    current ? spec.side.payloadOfRow(current, ctx.settings) : null,
  );
  if (!current) {
    // Creating: every group goes, since Sage has nothing of its own to keep.
    const command = spec.upsert(target.key, mine.fields, mine.fields.name);
    return {
      plan: {
        kind: "write",
        key: target.key,
        how: target.how,
        command,
        current,
        groups: [...PARTY_GROUPS],
        yielded: [],
        echoSafe,
      },
      warnings: mine.warnings,
    };
  }
  const theirs = spec.rowToParty(current);
  const theirFields = spec.fieldsOfRow(current);
  const differing = differingGroups({
    groups: PARTY_GROUPS,
    canonical: { kashflow: party, sage100: theirs },
    sage: { kashflow: mine.fields, sage100: theirFields },
    canonicalValue: partyGroupValue,
    sageFields: SAGE_PARTY_GROUP_FIELDS,
  });
  const decision = decideGroups({
    source: "KASHFLOW",
    differing,
    settings: ctx.settings,
    sourceUpdatedAt: party.updatedAt,
    targetUpdatedAt: theirs.updatedAt,
  });
  const picked = pickPartyFields(mine.fields, decision.write);
  const command = Object.keys(picked).length ? spec.upsert(target.key, picked, theirFields.name) : null;
  return {
    plan: {
      kind: "write",
      key: target.key,
      how: target.how,
      command,
      current,
      groups: decision.write,
      yielded: decision.yielded,
      echoSafe,
    },
    warnings: warningsFor(mine.warnings, decision.write),
  };
}

/** Deleted in KashFlow: the Sage record is made inactive, never deleted. */
async function deactivationPlan(
  ctx: FlowRun,
  spec: SagePartySpec,
  meta: RecordMeta,
): Promise<{ plan: ToSage100Plan; warnings: RecordWarning[] }> {
  const key = (await linkedSage100Key(ctx, spec.side.model, meta.externalId)) ?? meta.counterpartId;
  if (!key)
    return {
      plan: { kind: "skip", key: null, reason: "Deleted in KashFlow before it ever reached Sage 100." },
      warnings: [],
    };
  const current = await spec.side.find(ctx, key);
  if (!current)
    return {
      plan: { kind: "skip", key, reason: `Deleted in KashFlow; Sage 100 no longer has ${key} either.` },
      warnings: [],
    };
  const fields = spec.fieldsOfRow(current);
  const command = fields.status === "I" ? null : spec.upsert(key, { status: "I" }, fields.name);
  const echoSafe = knownToLedger(
    await counterpartRow(ctx, "SAGE100", spec.side.model, key),
    spec.side.payloadOfRow(current, ctx.settings),
  );
  return {
    plan: { kind: "write", key, how: "linked", command, current, groups: ["status"], yielded: [], echoSafe },
    warnings: [],
  };
}

export async function validatePartyForSage100(plan: ToSage100Plan, noun: Noun): Promise<Hold | null> {
  const name = plan.kind === "write" ? (plan.command?.payload as { name?: string } | undefined)?.name : undefined;
  if (name !== undefined && !name.trim()) {
    return hold(
      "NAME_REQUIRED",
      `The ${noun.one} has no name, and Sage 100 needs one. Add a name in KashFlow.`,
      "name",
    );
  }
  return null;
}
