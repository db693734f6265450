// Summary mode: instead of one A/R invoice each, a KashFlow invoice is staged into its day's G/L journal (a ledger
// record of model "journal", "sales-summary:<day>:<n>") as its contribution: receivables debited with the gross,
// sales and VAT credited per account and tax class, in dollars at the invoice date's rate. The run's last stage
// writes each complete day's journal (sealed first: nothing joins a journal once it is on its way to Sage 100; a
// late invoice opens the day's next journal). Deleted after posting → its contribution reversed on the day of the
// deletion; edited after posting → held, as in detail mode.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { db, type Prisma } from "@/server/db";
import { isoDate } from "@/server/domain/canonical/dates";
import { hold, isHold, type Hold, type LoadResult, type RecordMeta } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { hashPayload } from "../../ledger/observe";
import type { RecordWarning } from "@/server/domain/model";
import { documentNoun, invoiceProblem, isZeroValue } from "../../rules/sales-invoice-checks";
import { invoiceContribution, summaryReference, type ContributionLine } from "../../rules/sales-invoice-summary";
import { SAGE100_CURRENCY } from "../../tie-out/compute";
import { saveSageDocument, type SageSalesDocument } from "./sage100-documents";
import { mapped } from "./lookups";
import { postingDateFor } from "../../documents/periods";
import { buildPosting, DEBTORS_NOMINAL, postingFingerprint, type Posting, type StoredSalesInvoice } from "./posting";
import { CHANGED_AFTER_POSTING } from "./detail";

export const JOURNAL_PREFIX = "sales-summary:";
export const journalId = (day: string, seq: number) => `${JOURNAL_PREFIX}${day}:${seq}`;
export const summaryKey = (number: string) => `summary:${number}`;

const contributionLine = z.object({ account: z.string(), taxClass: z.string(), amountMinor: z.number().int() });
const memberSchema = z.object({
  key: z.string(),
  number: z.string(),
  fingerprint: z.string(),
  reversal: z.boolean(),
  lines: z.array(contributionLine),
});
export type SummaryMemberPayload = z.infer<typeof memberSchema>;

export const summaryJournalSchema = z.object({
  kind: z.literal("sales_summary"),
  day: isoDate,
  seq: z.number().int().min(1),
  reference: z.string(),
  /** On its way to (or in) Sage 100: nothing joins or leaves it any more. */
  sealed: z.boolean(),
  members: z.array(memberSchema),
});
export type SummaryJournal = z.infer<typeof summaryJournalSchema>;

export type SummaryPlan =
  | { kind: "stage"; day: string; member: SummaryMemberPayload; posting: Posting; previous: string | null }
  | { kind: "same"; doc: SageSalesDocument; why: string }
  | { kind: "skip"; reason: string }
  | { kind: "unstage"; doc: SageSalesDocument }
  | { kind: "reverse"; doc: SageSalesDocument; day: string; member: SummaryMemberPayload };

type Planned = { plan: SummaryPlan; warnings: RecordWarning[] } | Hold;
type Tx = Prisma.TransactionClient;

const journalWhere = (companyId: string, id: string) => ({
  companyId_system_model_externalId: { companyId, system: "KASHFLOW" as const, model: "journal", externalId: id },
});

async function readJournal(client: Tx | typeof db, companyId: string, id: string): Promise<SummaryJournal | null> {
  const row = await client.syncRecord.findUnique({ where: journalWhere(companyId, id), select: { payload: true } });
  const parsed = summaryJournalSchema.safeParse(row?.payload);
  return parsed.success ? parsed.data : null;
}

async function writeJournal(tx: Tx, companyId: string, journal: SummaryJournal, o: { reopen: boolean }): Promise<void> {
  const id = journalId(journal.day, journal.seq);
  const payload = journal as unknown as Prisma.InputJsonValue;
  const contentHash = hashPayload(journal);
  const reopen = o.reopen
    ? {
        status: "PENDING" as const,
        attempts: 0,
        nextAttemptAt: null,
        errorCode: null,
        errorMessage: null,
        errorField: null,
        retryClass: null,
        heldBy: null,
      }
    : {};
  await tx.syncRecord.upsert({
    where: journalWhere(companyId, id),
    create: {
      companyId,
      system: "KASHFLOW",
      model: "journal",
      externalId: id,
      contentHash,
      payload,
      status: "PENDING",
      lastSeenAt: new Date(),
    },
    update: { contentHash, payload, ...reopen },
  });
}

/** One company's journals change one transaction at a time (staging runs side by side for many invoices). */
function lockedJournals<T>(companyId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext(${`${JOURNAL_PREFIX}${companyId}`}))`;
    return fn(tx);
  });
}

async function dayJournals(tx: Tx, companyId: string, day: string): Promise<SummaryJournal[]> {
  const rows = await tx.syncRecord.findMany({
    where: { companyId, system: "KASHFLOW", model: "journal", externalId: { startsWith: `${JOURNAL_PREFIX}${day}:` } },
    select: { payload: true },
  });
  return rows
    .map((r) => summaryJournalSchema.safeParse(r.payload))
    .flatMap((p) => (p.success ? [p.data] : []))
    .sort((a, b) => a.seq - b.seq);
}

/** Puts a member into its day's open journal (replacing an earlier version of it), or finds it already sealed there. */
async function stage(
  companyId: string,
  day: string,
  member: SummaryMemberPayload,
  previous: string | null,
): Promise<SummaryJournal> {
  return lockedJournals(companyId, async (tx) => {
    if (previous) {
      const before = await readJournal(tx, companyId, previous);
      if (before && !before.sealed && before.members.some((m) => m.key === member.key))
        await writeJournal(
          tx,
          companyId,
          { ...before, members: before.members.filter((m) => m.key !== member.key) },
          { reopen: true },
        );
    }
    const journals = await dayJournals(tx, companyId, day);
    // A re-run after a crash: the member already went to Sage 100 in a sealed journal.
    const sealed = journals.find(
      (j) => j.sealed && j.members.some((m) => m.key === member.key && m.fingerprint === member.fingerprint),
    );
    if (sealed) return sealed;
    const open = journals.filter((j) => !j.sealed).at(-1);
    const seq = open?.seq ?? (journals.at(-1)?.seq ?? 0) + 1;
    const journal: SummaryJournal = open
      ? { ...open, members: [...open.members.filter((m) => m.key !== member.key), member] }
      : { kind: "sales_summary", day, seq, reference: summaryReference(day, seq), sealed: false, members: [member] };
    await writeJournal(tx, companyId, journal, { reopen: true });
    return journal;
  });
}

async function unstage(companyId: string, id: string, key: string): Promise<SummaryJournal | null> {
  return lockedJournals(companyId, async (tx) => {
    const journal = await readJournal(tx, companyId, id);
    if (!journal || journal.sealed) return journal;
    await writeJournal(
      tx,
      companyId,
      { ...journal, members: journal.members.filter((m) => m.key !== key) },
      { reopen: true },
    );
    return null;
  });
}

/** Seals a journal before it is written: from now on it is exactly what Sage 100 gets. */
export async function sealJournal(companyId: string, id: string): Promise<SummaryJournal | null> {
  return lockedJournals(companyId, async (tx) => {
    const journal = await readJournal(tx, companyId, id);
    if (!journal || journal.sealed) return journal;
    const sealed = { ...journal, sealed: true };
    await writeJournal(tx, companyId, sealed, { reopen: false });
    return sealed;
  });
}

async function isSealed(ctx: FlowRun, id: string | null): Promise<boolean> {
  return id ? Boolean((await readJournal(db, ctx.companyId, id))?.sealed) : false;
}

async function memberOf(
  ctx: FlowRun,
  posting: Posting,
  o: { key: string; reversal: boolean },
): Promise<SummaryMemberPayload | Hold> {
  const receivables = await mapped(ctx, "nominal_to_gl", DEBTORS_NOMINAL);
  if (isHold(receivables)) return receivables;
  const lines: ContributionLine[] = invoiceContribution({
    receivables,
    grossMinor: posting.totalMinor,
    lines: posting.lines.map((l) => ({ account: l.account, taxClass: l.taxClass, amountMinor: l.amountMinor })),
  });
  return {
    key: o.key,
    number: posting.number,
    fingerprint: posting.fingerprint,
    reversal: o.reversal,
    lines: o.reversal ? lines.map((l) => ({ ...l, amountMinor: -l.amountMinor })) : lines,
  };
}

export async function planSummary(
  ctx: FlowRun,
  inv: StoredSalesInvoice,
  meta: RecordMeta,
  prev: SageSalesDocument | null,
): Promise<Planned> {
  const what = `KashFlow ${documentNoun(inv)} ${inv.number}`;
  if (meta.deleted) {
    if (!prev)
      return {
        plan: { kind: "skip", reason: "Deleted in KashFlow before it reached Sage 100: nothing to reverse." },
        warnings: [],
      };
    if (prev.voided) return { plan: { kind: "same", doc: prev, why: `Already ${prev.voided.how}.` }, warnings: [] };
    if (!(await isSealed(ctx, prev.journal))) return { plan: { kind: "unstage", doc: prev }, warnings: [] };
    // Posted: the same contribution, reversed, in the journal of the day the deletion was seen.
    const dated = await postingDateFor(ctx, {
      date: ctx.now.toISOString().slice(0, 10),
      journal: "GL_GENERAL",
      what: `The reversal of ${what}`,
    });
    if (isHold(dated)) return dated;
    const member = {
      key: `${prev.source.number}:reversal`,
      number: prev.source.number,
      fingerprint: prev.source.fingerprint,
      reversal: true,
      lines: [] as ContributionLine[],
    };
    const staged = prev.journal
      ? (await readJournal(db, ctx.companyId, prev.journal))?.members.find((m) => m.key === prev.source.number)
      : undefined;
    if (!staged)
      return hold(
        "SUMMARY_MEMBER_MISSING",
        `${what} was deleted, but its share of the summary journal ${prev.number} cannot be found to reverse. Reverse it in Sage 100 by hand.`,
      );
    return {
      plan: {
        kind: "reverse",
        doc: prev,
        day: dated.date,
        member: { ...member, lines: staged.lines.map((l) => ({ ...l, amountMinor: -l.amountMinor })) },
      },
      warnings: dated.warnings,
    };
  }
  const problem = invoiceProblem(inv);
  if (problem) return hold(problem.code, problem.message, problem.field);
  const fingerprint = postingFingerprint(inv);
  if (prev && !prev.voided) {
    if (prev.source.fingerprint === fingerprint)
      return {
        plan: {
          kind: "same",
          doc: prev,
          why: "Only payments or status changed in KashFlow: the summary journal already holds this invoice.",
        },
        warnings: [],
      };
    if (prev.mode !== "summary" || (await isSealed(ctx, prev.journal)))
      return hold(
        CHANGED_AFTER_POSTING,
        `${what} was changed after it was posted to Sage 100 in ${prev.number}. Sage 100 keeps the posted version: correct it there with a journal, or undo the change in KashFlow.`,
        "lines",
      );
  }
  const previous = prev && !prev.voided ? prev.journal : null;
  if (isZeroValue(inv))
    return prev && previous
      ? { plan: { kind: "unstage", doc: prev }, warnings: [] }
      : { plan: { kind: "skip", reason: `${what} is zero-value: nothing to post to Sage 100.` }, warnings: [] };
  const built = await buildPosting(ctx, inv, { journal: "GL_GENERAL", fingerprint });
  if (isHold(built)) return built;
  const member = await memberOf(ctx, built.posting, { key: inv.number, reversal: false });
  if (isHold(member)) return member;
  return {
    plan: { kind: "stage", day: built.posting.date, member, posting: built.posting, previous },
    warnings: built.warnings,
  };
}

function summaryDocument(p: Posting, journal: SummaryJournal): SageSalesDocument {
  return {
    kind: "sage100_sales_document",
    mode: "summary",
    key: summaryKey(p.number),
    number: journal.reference,
    invoiceType: null,
    journal: journalId(journal.day, journal.seq),
    customer: null,
    date: p.date,
    batchNo: null,
    source: { number: p.number, fingerprint: p.fingerprint, currency: p.sourceCurrency, issueDate: p.issueDate },
    totals: { gross: { amountMinor: p.totalMinor, currency: SAGE100_CURRENCY } },
    fx: p.fx,
    lines: p.lines,
    voided: null,
  };
}

export async function loadSummary(ctx: FlowRun, plan: SummaryPlan, meta: RecordMeta): Promise<LoadResult> {
  const today = ctx.now.toISOString().slice(0, 10);
  switch (plan.kind) {
    case "skip":
      return {
        counterpartId: meta.counterpartId ?? summaryKey(meta.externalId),
        request: plan,
        response: null,
        skipped: plan.reason,
      };
    case "same":
      return {
        counterpartId: plan.doc.key,
        request: { nothingToWrite: plan.why, journal: plan.doc.journal, fx: plan.doc.fx },
        response: null,
      };
    case "stage": {
      const journal = await stage(ctx.companyId, plan.day, plan.member, plan.previous);
      const doc = summaryDocument(plan.posting, journal);
      await saveSageDocument(ctx, doc);
      return {
        counterpartId: doc.key,
        request: {
          stagedIn: doc.journal,
          reference: journal.reference,
          day: plan.day,
          contribution: plan.member.lines,
          fx: plan.posting.fx,
        },
        response: { sealed: journal.sealed },
      };
    }
    case "unstage": {
      const sealed = await unstage(ctx.companyId, plan.doc.journal ?? "", plan.doc.source.number);
      if (sealed)
        throw new AppError(
          "UPSTREAM",
          `Summary journal ${sealed.reference} went to Sage 100 meanwhile; the deletion will be reversed instead.`,
          { retryClass: "TRANSIENT", reason: "SealedMeanwhile" },
        );
      await saveSageDocument(ctx, {
        ...plan.doc,
        voided: { how: "removed", number: null, invoiceType: null, journal: plan.doc.journal, date: today },
      });
      return { counterpartId: plan.doc.key, request: { removedFrom: plan.doc.journal }, response: null };
    }
    case "reverse": {
      const journal = await stage(ctx.companyId, plan.day, plan.member, null);
      await saveSageDocument(ctx, {
        ...plan.doc,
        voided: {
          how: "reversed",
          number: journal.reference,
          invoiceType: null,
          journal: journalId(journal.day, journal.seq),
          date: plan.day,
        },
      });
      return {
        counterpartId: plan.doc.key,
        request: { reversalStagedIn: journalId(journal.day, journal.seq), contribution: plan.member.lines },
        response: null,
      };
    }
  }
}
