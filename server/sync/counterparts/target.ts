// Which record on the other side a record is written to: the linked one; the one reserved for it by an earlier
// attempt; the one a person chose in Match review; an existing record matched on first connect; or a new key. An
// ambiguous match holds the record for Match review instead of creating a duplicate.
import { AppError } from "@/lib/errors";
import { db, type Prisma } from "@/server/db";
import { hold, isHold, type Hold, type RecordMeta } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import { waitOn } from "../ledger/waiting-on";
import type { ModelName } from "@/server/domain/model";
import { matchRecord, reviewMessage, type MatchSubject } from "../rules/matching";
import { linkedKashflowId, linkedSage100Key, releaseCounterpart, reserveCounterpart } from "./links";
import { allocateKashflowKey, allocateSage100Key } from "./key-allocation";
import { unlinkedCandidates } from "./match-candidates";

export type Target = { key: string; how: "linked" | "reserved" | "chosen" | "matched" | "new" };
export type Noun = { one: string; many: string };

/** KashFlow → Sage 100: link, reservation, Match review, first-connect match, or a newly allocated Sage key. */
export async function sage100TargetFor(ctx: FlowRun, o: ToSage100Options): Promise<Target | Hold> {
  const linked = await linkedSage100Key(ctx, o.model, o.record.externalId);
  if (linked) return { key: linked, how: "linked" };
  if (o.record.counterpartId) return { key: o.record.counterpartId, how: "reserved" };

  const review = await db.matchReview.findUnique({
    where: {
      companyId_model_kashflowId: { companyId: ctx.companyId, model: o.model, kashflowId: o.record.externalId },
    },
  });
  if (review && !review.resolvedAt) return hold("MATCH_REVIEW", reviewMessage(review.candidates as never[], o.noun));
  // Matching and choosing a key look at every other record's reservation: one record at a time.
  const target = await ctx.serial(`${o.model}|to-sage100`, () => firstTargetInSage100(ctx, o, review));
  if (!isHold(target) && target.how === "new")
    await mustBeNew(o.record, target.key, o.exists, `Sage 100 ${o.noun.one} ${target.key}`);
  return target;
}

type ToSage100Options = {
  model: ModelName;
  noun: Noun;
  record: RecordMeta;
  subject: MatchSubject;
  /** Keys for a new record, in order of preference. */
  newKeys: Iterable<string>;
  /** Whether the target already has this key (a record Ledgerlink has not read yet). */
  exists: (key: string) => Promise<boolean>;
};

/** The reserved key is checked against the target itself, outside the queue; taken after all, it is given back. */
async function mustBeNew(
  record: RecordMeta,
  key: string,
  exists: (key: string) => Promise<boolean>,
  what: string,
): Promise<void> {
  if (!(await exists(key))) return;
  await releaseCounterpart(record.id, key);
  throw waitFor(`${what}, which Ledgerlink has not read yet`);
}

async function firstTargetInSage100(
  ctx: FlowRun,
  o: ToSage100Options,
  review: { resolution: string | null } | null,
): Promise<Target | Hold> {
  if (review?.resolution && review.resolution !== "CREATE") {
    const other = await linkedKashflowId(ctx, o.model, review.resolution);
    if (other)
      return hold(
        "MATCH_TAKEN",
        `The Sage 100 ${o.noun.one} chosen in Match review (${review.resolution}) is already linked to KashFlow ${other}. Choose again.`,
      );
    await reserveCounterpart(o.record.id, review.resolution);
    return { key: review.resolution, how: "chosen" };
  }
  if (!review) {
    const candidates = await unlinkedCandidates(ctx, {
      system: "SAGE100",
      model: o.model,
      selfId: o.record.id,
      subject: o.subject,
    });
    const match = matchRecord(o.subject, candidates);
    if (match.kind === "link") {
      await reserveCounterpart(o.record.id, match.key);
      return { key: match.key, how: "matched" };
    }
    if (match.kind === "review") {
      const data = { candidates: match.candidates as unknown as Prisma.InputJsonValue };
      await db.matchReview.upsert({
        where: {
          companyId_model_kashflowId: { companyId: ctx.companyId, model: o.model, kashflowId: o.record.externalId },
        },
        create: { companyId: ctx.companyId, model: o.model, kashflowId: o.record.externalId, ...data },
        update: data,
      });
      return hold("MATCH_REVIEW", reviewMessage(match.candidates, o.noun));
    }
  }
  const key = await allocateSage100Key(ctx, { model: o.model, selfId: o.record.id, candidates: o.newKeys });
  await reserveCounterpart(o.record.id, key);
  return { key, how: "new" };
}

/**
 * Sage 100 → KashFlow: link or reservation; otherwise KashFlow records that may be this one are matched from the
 * KashFlow side (one place decides, and asks a person when unsure), so this side waits for that before creating.
 */
export async function kashflowTargetFor(ctx: FlowRun, o: ToKashflowOptions): Promise<Target | Hold> {
  const linked = await linkedKashflowId(ctx, o.model, o.record.externalId);
  if (linked) return { key: linked, how: "linked" };
  if (o.record.counterpartId) return { key: o.record.counterpartId, how: "reserved" };

  const reviewing = await db.matchReview.findFirst({
    where: {
      companyId: ctx.companyId,
      model: o.model,
      resolvedAt: null,
      candidates: { array_contains: [{ sage100Key: o.record.externalId }] },
    },
    select: { kashflowId: true },
  });
  if (reviewing)
    return hold(
      "MATCH_REVIEW",
      `KashFlow ${o.noun.one} ${reviewing.kashflowId} may be this one and is waiting in Match review; this record follows that choice.`,
    );
  if (!(await kashflowRead(ctx, o.model, o.kashflowFlowId)))
    throw waitFor(`the first read of KashFlow's ${o.noun.many}`);
  const candidates = await unlinkedCandidates(ctx, {
    system: "KASHFLOW",
    model: o.model,
    selfId: o.record.id,
    subject: o.subject,
  });
  const pending = candidates.find((c) => c.status === "PENDING" || c.status === "FAILED");
  // That record decides (it links this one, or creates its own): this one waits on it, and goes once it has synced.
  if (pending)
    return waitOn(
      { system: "KASHFLOW", model: o.model, externalId: pending.key },
      `Waiting for KashFlow ${o.noun.one} ${pending.key}, which may be this one, to be matched from the KashFlow side.`,
    );

  // Choosing a code looks at every other record's reservation: one record at a time.
  const key = await ctx.serial(`${o.model}|to-kashflow`, async () => {
    const free = await allocateKashflowKey(ctx, { model: o.model, selfId: o.record.id, candidates: o.newKeys });
    await reserveCounterpart(o.record.id, free);
    return free;
  });
  await mustBeNew(o.record, key, o.exists, `KashFlow ${o.noun.one} ${key}`);
  return { key, how: "new" };
}

type ToKashflowOptions = Omit<ToSage100Options, "noun"> & { noun: Noun; kashflowFlowId: string };

/** Creating in KashFlow before its records were read once could duplicate one: wait for the first complete read. */
async function kashflowRead(ctx: FlowRun, model: ModelName, flowId: string): Promise<boolean> {
  const readInRun = ctx.memo(`kashflow-read:${model}`, () => ({ read: false }));
  if (readInRun.read) return true;
  const [row, state] = await Promise.all([
    db.syncRecord.findFirst({ where: { companyId: ctx.companyId, system: "KASHFLOW", model }, select: { id: true } }),
    db.syncState.findUnique({
      where: { companyId_flow: { companyId: ctx.companyId, flow: flowId } },
      select: { runFinishedAt: true, lastError: true },
    }),
  ]);
  const read = Boolean(row) || Boolean(state?.runFinishedAt && !state.lastError);
  if (read) readInRun.read = true;
  return read;
}

export const waitFor = (what: string): AppError =>
  new AppError("UPSTREAM", `Waiting for ${what}; Ledgerlink will try again shortly.`, {
    retryClass: "TRANSIENT",
    reason: "WaitingForCounterpart",
  });
