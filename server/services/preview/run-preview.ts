// The first-sync preview as a job: for each flow the company has on, in the engine's order, detect with a read-only
// context (reading KashFlow and the agent's change batches into the ledger), then every record due, a page at a
// time by id, through canonical → rules → validate (never load). Work is cut into steps that each save where they
// got to on the PreviewRun row, under a lease renewed while a step runs, so the in-process runner and Inngest drive
// the same steps and a crash resumes. Records keep their status: going live carries them.
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/errors";
import { db, type Prisma } from "@/server/db";
import { buildFlowContext } from "@/server/sync/engine/context";
import type { FlowDefinition } from "@/server/sync/engine/flow";
import { startFlowRun, type FlowRun } from "@/server/sync/engine/flow-run";
import { FLOWS, flowById } from "@/server/sync/flows";
import { SALES_INVOICES_FLOW_ID } from "@/server/sync/flows/sales-invoices/flow";
import { readState } from "@/server/sync/flows/sales-invoices/state";
import { loadSyncSettings } from "@/server/sync/settings";
import { FlowTally, previewRecord } from "./preview-record";
import {
  emptyCounts,
  previewProgressSchema,
  previewResultSchema,
  type FlowPreview,
  type PreviewResult,
} from "./preview-types";
import { plannedLinksOf, previewWorkSchema, type PreviewWork } from "./preview-work";

/** Records planned per step, and how long a step may hold the run before another runner may take it over. */
export const PREVIEW_PAGE = 250;
export const PREVIEW_LEASE_MS = 3 * 60_000;
const RENEW_EVERY_MS = 30_000;
/** Rounds of detect for a flow that reads a bounded number per run (the first load of sales invoices). */
const MAX_DETECT_ROUNDS = 200;

const json = (v: unknown) => v as Prisma.InputJsonValue;

/** The flows a preview plans: those this company has on (tasks such as the tie-out carry no records: not planned). */
export async function previewedFlows(companyId: string): Promise<{ on: FlowDefinition[]; off: FlowDefinition[] }> {
  const [settings, states] = await Promise.all([
    loadSyncSettings(companyId),
    db.syncState.findMany({ where: { companyId, paused: true }, select: { flow: true } }),
  ]);
  const off = new Set([...settings.pausedFlows, ...states.map((s) => s.flow)]);
  const flows = FLOWS;
  return { on: flows.filter((f) => !off.has(f.id)), off: flows.filter((f) => off.has(f.id)) };
}

function emptyFlowPreview(flow: FlowDefinition, state: FlowPreview["state"]): FlowPreview {
  return {
    flowId: flow.id,
    label: flow.label,
    source: flow.source,
    target: flow.target,
    state,
    error: null,
    counts: emptyCounts(),
    afterDependency: 0,
    forwardDated: 0,
    forwardDatedWhen: "now",
    held: [],
    skipped: [],
    unchecked: [],
    readOnlyViolations: { count: 0, examples: [] },
    samples: [],
    stockChanges: [],
    stockChangesTotal: 0,
  };
}

/** Takes a queued run (or one whose runner died: its lease ran out); returns the lease owner, or null if another has it. */
export async function claimPreview(previewRunId: string): Promise<string | null> {
  const owner = randomUUID();
  const now = new Date();
  const taken = await db.previewRun.updateMany({
    where: {
      id: previewRunId,
      OR: [{ status: "QUEUED" }, { status: "RUNNING", OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }],
    },
    data: { status: "RUNNING", leaseOwner: owner, leaseUntil: new Date(now.getTime() + PREVIEW_LEASE_MS) },
  });
  if (taken.count === 0) return null;
  await db.previewRun.updateMany({ where: { id: previewRunId, startedAt: null }, data: { startedAt: now } });
  return owner;
}

async function renewLease(previewRunId: string, owner: string): Promise<void> {
  await db.previewRun.updateMany({
    where: { id: previewRunId, leaseOwner: owner, status: "RUNNING" },
    data: { leaseUntil: new Date(Date.now() + PREVIEW_LEASE_MS) },
  });
}

type Loaded = { companyId: string; work: PreviewWork; result: PreviewResult; records: number };

async function load(previewRunId: string, owner: string): Promise<Loaded> {
  const run = await db.previewRun.findUnique({
    where: { id: previewRunId },
    include: { company: { select: { status: true } } },
  });
  if (!run || run.leaseOwner !== owner || run.status !== "RUNNING")
    throw new AppError("CONFLICT", "This preview is being run elsewhere.", { reason: "LeaseLost" });
  // Going live ends a preview: from then on the runners carry the records for real.
  if (run.company.status !== "SETTING_UP")
    throw new AppError("PRECONDITION_FAILED", "The company started syncing, so the preview stopped.", {
      reason: "AlreadyLive",
    });
  const progress = (run.progress ?? {}) as { work?: unknown; records?: number };
  const parsed = previewWorkSchema.safeParse(progress.work);
  if (parsed.success)
    return {
      companyId: run.companyId,
      work: parsed.data,
      result: previewResultSchema.parse(run.result ?? {}),
      records: progress.records ?? 0,
    };
  // The first step: the flows on now, and the ones off listed as off.
  const { on, off } = await previewedFlows(run.companyId);
  const work = previewWorkSchema.parse({ flowIds: on.map((f) => f.id) });
  const result: PreviewResult = { flows: FLOWS.map((f) => emptyFlowPreview(f, off.includes(f) ? "off" : "previewed")) };
  return { companyId: run.companyId, work, result, records: 0 };
}

async function save(previewRunId: string, owner: string, l: Loaded): Promise<void> {
  const flowId = l.work.flowIds[l.work.index] ?? null;
  const progress = {
    ...previewProgressSchema.parse({
      flowId,
      flowLabel: flowId ? (flowById(flowId)?.label ?? flowId) : null,
      flowsDone: Math.min(l.work.index, l.work.flowIds.length),
      flowsTotal: l.work.flowIds.length,
      records: l.records,
    }),
    work: l.work,
  };
  const saved = await db.previewRun.updateMany({
    where: { id: previewRunId, leaseOwner: owner, status: "RUNNING" },
    data: { progress: json(progress), result: json(l.result), leaseUntil: new Date(Date.now() + PREVIEW_LEASE_MS) },
  });
  if (saved.count === 0)
    throw new AppError("CONFLICT", "This preview is being run elsewhere.", { reason: "LeaseLost" });
}

async function previewContext(companyId: string, flowId: string, work: PreviewWork): Promise<FlowRun> {
  const ctx = await buildFlowContext(companyId, flowId, { mode: "preview" });
  // Asked for a preview, the context refuses writes whatever the company's status: checked here all the same.
  if (ctx.mode !== "preview")
    throw new AppError("INTERNAL", "A preview context must be read-only.", { retryClass: "BUG" });
  return startFlowRun({ ...ctx, planned: plannedLinksOf(work) });
}

/** Whether a flow's detect has more to read than one round takes (the first load of sales invoices). */
async function moreToDetect(flow: FlowDefinition, companyId: string): Promise<boolean> {
  return flow.id === SALES_INVOICES_FLOW_ID && (await readState(companyId)).initial !== null;
}

const nextFlow = (work: PreviewWork) =>
  Object.assign(work, { index: work.index + 1, stage: "detect", afterId: null, detectRounds: 0 });
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One step: a round of detect for the current flow, or one page of its records. "done" when every flow is planned. */
export async function previewStep(previewRunId: string, owner: string): Promise<"more" | "done"> {
  const keepAlive = setInterval(() => void renewLease(previewRunId, owner).catch(() => undefined), RENEW_EVERY_MS);
  try {
    const l = await load(previewRunId, owner);
    const { work } = l;
    const flowId = work.flowIds[work.index];
    if (!flowId) {
      await save(previewRunId, owner, l);
      return "done";
    }
    const flow = flowById(flowId)!;
    const preview =
      l.result.flows.find((f) => f.flowId === flowId) ??
      l.result.flows[l.result.flows.push(emptyFlowPreview(flow, "previewed")) - 1]!;
    const ctx = await previewContext(l.companyId, flowId, work);

    if (work.stage === "detect") {
      try {
        await flow.detect(ctx);
        if ((await moreToDetect(flow, l.companyId)) && work.detectRounds < MAX_DETECT_ROUNDS) work.detectRounds++;
        else Object.assign(work, { stage: "records", afterId: null });
      } catch (error) {
        // The flow's source could not be read (KashFlow or the agent unreachable): said on the flow, the others go on.
        Object.assign(preview, { state: "failed", error: messageOf(error) });
        nextFlow(work);
      }
      await save(previewRunId, owner, l);
      return work.index < work.flowIds.length ? "more" : "done";
    }

    const page = await db.syncRecord.findMany({
      where: {
        companyId: l.companyId,
        system: flow.source,
        model: flow.model,
        status: { in: ["PENDING", "FAILED"] },
        ...(work.afterId ? { id: { gt: work.afterId } } : {}),
      },
      orderBy: { id: "asc" },
      take: PREVIEW_PAGE,
      select: { id: true, externalId: true, payload: true, counterpartId: true, deletedAt: true },
    });
    const tally = new FlowTally(flow, preview, work);
    let next = 0;
    const worker = async () => {
      while (next < page.length) await previewRecord(ctx, tally, page[next++]!);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(flow.concurrency ?? 1, 8, page.length)) }, worker));
    l.records += page.length;
    if (page.length < PREVIEW_PAGE) nextFlow(work);
    else work.afterId = page[page.length - 1]!.id;
    await save(previewRunId, owner, l);
    return work.index < work.flowIds.length ? "more" : "done";
  } finally {
    clearInterval(keepAlive);
  }
}

/** Ends the run: DONE, or FAILED with the reason a person reads. */
export async function finishPreview(previewRunId: string, owner: string, error?: unknown): Promise<void> {
  const failed = error !== undefined;
  await db.previewRun.updateMany({
    where: { id: previewRunId, leaseOwner: owner },
    data: {
      status: failed ? "FAILED" : "DONE",
      error: failed ? messageOf(error) : null,
      finishedAt: new Date(),
      leaseOwner: null,
      leaseUntil: null,
    },
  });
}

/** The whole run in this process (the in-process runner, tests): claim, every step, finish. */
export async function runPreview(previewRunId: string): Promise<{ ran: boolean }> {
  const owner = await claimPreview(previewRunId);
  if (!owner) return { ran: false };
  try {
    while ((await previewStep(previewRunId, owner)) === "more") {
      // Each step saved where it got to.
    }
    await finishPreview(previewRunId, owner);
  } catch (error) {
    if (error instanceof AppError && error.reason === "LeaseLost") return { ran: true };
    await finishPreview(previewRunId, owner, error);
  }
  return { ran: true };
}
