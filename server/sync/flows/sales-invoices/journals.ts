// Summary mode's journals on their way to Sage 100: each staged day becomes a balanced general journal entry
// (GL_GeneralJournal_bus, posted at once), its reference the idempotency anchor. The journals are ledger records
// with the engine's record stages, attempts and holds (`summaryJournals` is how each is carried, not a flow of its
// own); the task that ends every sales-invoice run carries those of complete days (a day's journal waits until the
// day is over, so late invoices of the day still join it).
import { minorToDecimal } from "@/server/domain/canonical/money";
import type { FlowDefinition, LoadResult } from "../../engine/flow";
import type { FlowRun } from "../../engine/flow-run";
import { hold } from "../../engine/flow";
import { processRecord, type RecordOutcome } from "../../engine/process-record";
import { aggregateSummary, isBalanced } from "../../rules/sales-invoice-summary";
import { db } from "@/server/db";
import type { TaskDefinition } from "../../engine/task";
import { SALES_INVOICES_FLOW_ID } from "./flow";
import { JOURNAL_PREFIX, sealJournal, summaryJournalSchema, type SummaryJournal } from "./summary";

export const OUT_OF_BALANCE = "OUT_OF_BALANCE";
const dollars = (minor: number) => minorToDecimal(minor, 2);

type JournalPlan =
  | {
      kind: "write";
      reference: string;
      postingDate: string;
      lines: { account: string; debit?: string; credit?: string; comment: string }[];
    }
  | { kind: "empty"; reason: string };

export const summaryJournals: FlowDefinition<SummaryJournal, JournalPlan> = {
  id: "sales_invoices.summary_journals",
  label: "Sales invoices: daily summary journals → Sage 100",
  model: "journal",
  source: "KASHFLOW",
  target: "SAGE100",
  // Staged by the sales-invoice flow; nothing to read anywhere.
  detect: async () => ({ inserted: 0, changed: 0, unchanged: 0, echoes: 0, complete: true }),
  canonical: summaryJournalSchema,

  // Rules: sum the members per account and tax class; a journal that would not balance to the cent is held.
  async rules(_ctx, journal) {
    if (journal.members.length === 0)
      return {
        plan: { kind: "empty", reason: `Nothing is left in the summary journal for ${journal.day}.` },
        warnings: [],
      };
    const summary = aggregateSummary(journal.members);
    if (!isBalanced(summary)) {
      const culprits = summary.unbalanced
        .map((u) => `invoice ${u.number} (off by ${dollars(u.differenceMinor)})`)
        .join(", ");
      return hold(
        OUT_OF_BALANCE,
        `The summary journal ${journal.reference} does not balance: debits ${dollars(summary.debitMinor)} and credits ${dollars(summary.creditMinor)} USD${culprits ? `; ${culprits}` : ""}. Nothing was posted. Check the mappings of these invoices' lines, then retry.`,
        "members",
      );
    }
    const comment = (taxClass: string) => `KashFlow sales ${journal.day}${taxClass ? ` ${taxClass}` : ""}`.slice(0, 30);
    return {
      plan: {
        kind: "write",
        reference: journal.reference,
        postingDate: journal.day,
        lines: summary.lines.map((l) => ({
          account: l.account,
          ...(l.debitMinor ? { debit: dollars(l.debitMinor) } : { credit: dollars(l.creditMinor) }),
          comment: comment(l.taxClass),
        })),
      },
      warnings: [],
    };
  },

  validate: async () => null,

  // Load: sealed first (nothing joins it any more), then entered and posted under its reference: a retry after a
  // crash finds the entry (the agent looks the reference up first) instead of posting the day twice.
  async load(ctx, plan, meta): Promise<LoadResult> {
    if (plan.kind === "empty")
      return { counterpartId: meta.externalId, request: plan, response: null, skipped: plan.reason };
    await sealJournal(ctx.companyId, meta.externalId);
    const command = {
      type: "createGlJournal" as const,
      payload: {
        reference: plan.reference,
        postingDate: plan.postingDate,
        lines: plan.lines,
        batch: { post: true, comment: plan.reference },
      },
    };
    const result = await ctx.ask(command, { key: "payload", timeoutMs: 120_000 });
    return { counterpartId: plan.reference, request: { command }, response: result };
  },
};

export const SUMMARY_JOURNALS_TASK_ID = "sales_invoices.summary_journals";

/** Summary mode's journals go out at the end of every sales-invoice run, after its batches are posted. */
export const summaryJournalsTask: TaskDefinition = {
  id: SUMMARY_JOURNALS_TASK_ID,
  label: "Sales invoices: daily summary journals → Sage 100",
  source: "KASHFLOW",
  target: "SAGE100",
  trigger: { after: [SALES_INVOICES_FLOW_ID] },
  run: async (ctx) => void (await writeSummaryJournals(ctx)),
};

/** The run's last stage in summary mode: every journal of a complete day that is due goes to Sage 100. */
export async function writeSummaryJournals(ctx: FlowRun): Promise<Record<RecordOutcome, number>> {
  const counts: Record<RecordOutcome, number> = { SYNCED: 0, HELD: 0, FAILED: 0, DEAD: 0, SKIPPED: 0, WAITING: 0 };
  const today = ctx.now.toISOString().slice(0, 10);
  for (;;) {
    const due = await db.syncRecord.findMany({
      where: {
        companyId: ctx.companyId,
        system: "KASHFLOW",
        model: "journal",
        externalId: { startsWith: JOURNAL_PREFIX, lt: `${JOURNAL_PREFIX}${today}` },
        OR: [{ status: "PENDING" }, { status: "FAILED", nextAttemptAt: { lte: new Date() } }],
      },
      orderBy: { externalId: "asc" },
      take: 20,
      select: {
        id: true,
        companyId: true,
        system: true,
        model: true,
        externalId: true,
        contentHash: true,
        attempts: true,
        payload: true,
        counterpartId: true,
        deletedAt: true,
      },
    });
    if (due.length === 0) return counts;
    for (const record of due) counts[await processRecord(ctx, summaryJournals, record)]++;
  }
}
