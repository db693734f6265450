// The set-up checklist: what a company needs before a person presses Start syncing, each line with its state.
// Blocking lines must be done to go live; the others (mappings and FX rates for what the preview found) warn.
import { z } from "zod";
import { db, type DbOrTx } from "@/server/db";
import { previewResultSchema } from "@/server/services/preview/preview-types";
import { setupFacts, type SetupFacts, type SetupScope } from "./setup-facts";

export const CHECKLIST_LINES = [
  "kashflow",
  "agent",
  "startDate",
  "flows",
  "preview",
  "mappings",
  "fx",
  "settings",
] as const;
export type ChecklistLineId = (typeof CHECKLIST_LINES)[number];

export const checklistLineSchema = z.object({
  id: z.enum(CHECKLIST_LINES),
  label: z.string(),
  /** done; todo (not yet); warning (done, with something to look at); running (the preview is being built). */
  state: z.enum(["done", "todo", "warning", "running"]),
  blocking: z.boolean(),
  detail: z.string(),
});
export type ChecklistLine = z.infer<typeof checklistLineSchema>;

export const checklistSchema = z.object({
  status: z.enum(["SETTING_UP", "LIVE", "PAUSED", "ARCHIVED"]),
  timezone: z.string(),
  live: z.object({ since: z.date(), byName: z.string().nullable() }).nullable(),
  lines: z.array(checklistLineSchema),
  startDate: z.string().nullable(),
  /** Every blocking line done: Start syncing may be pressed. */
  ready: z.boolean(),
  /** The blocking lines still open, by label. */
  missing: z.array(z.string()),
});
export type Checklist = z.infer<typeof checklistSchema>;

const countOf = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

function previewHolds(f: SetupFacts, code: string): { records: number; groups: number } | null {
  if (!f.lastDonePreview) return null;
  const result = previewResultSchema.safeParse(f.lastDonePreview.result);
  if (!result.success) return null;
  const groups = result.data.flows.flatMap((flow) => flow.held.filter((g) => g.code === code));
  return { records: groups.reduce((t, g) => t + g.count, 0), groups: new Set(groups.map((g) => g.field)).size };
}

export function checklistLines(f: SetupFacts): ChecklistLine[] {
  const line = (
    id: ChecklistLine["id"],
    label: string,
    blocking: boolean,
    state: ChecklistLine["state"],
    detail: string,
  ): ChecklistLine => ({ id, label, blocking, state, detail });
  const latest = f.latestPreview;
  const running = latest && (latest.status === "QUEUED" || latest.status === "RUNNING");
  const done = f.lastDonePreview;
  const stale = Boolean(done && f.changedAt && f.changedAt > done.createdAt);
  const mappings = previewHolds(f, "MAPPING_MISSING");
  const fx = previewHolds(f, "FX_MISSING");
  const progress = (latest?.progress ?? {}) as { flowsDone?: number; flowsTotal?: number };
  return [
    line(
      "kashflow",
      "KashFlow connected",
      true,
      f.kashflowConnected ? "done" : "todo",
      f.kashflowConnected
        ? "Connected."
        : f.kashflowStatus
          ? "The connection needs attention: reconnect it."
          : "Connect the company's KashFlow account.",
    ),
    line(
      "agent",
      "Sage 100 agent paired and online",
      true,
      f.agent?.online ? "done" : "todo",
      !f.agent
        ? "Install the Ledgerlink agent next to Sage 100 and pair it with a code from this page."
        : f.agent.paused
          ? "The agent is paused."
          : f.agent.online
            ? "Online."
            : "Paired, but the agent has not been heard from in the last minute.",
    ),
    line(
      "startDate",
      "First carried day chosen",
      true,
      f.startDate ? "done" : "todo",
      f.startDate
        ? `Invoices, purchases and payments dated from ${f.startDate} are carried.`
        : "Choose the first day whose invoices, purchases and payments go to Sage 100.",
    ),
    line(
      "flows",
      "Flows and directions chosen",
      true,
      f.company.flowsReviewedAt ? "done" : "todo",
      f.company.flowsReviewedAt
        ? "Chosen."
        : "Choose which flows run. Stock into KashFlow starts off: it overwrites KashFlow's quantities.",
    ),
    line(
      "preview",
      "First-sync preview",
      true,
      running ? "running" : !done ? "todo" : stale ? "warning" : "done",
      running
        ? `Running: ${progress.flowsDone ?? 0} of ${progress.flowsTotal || "…"} flows planned.`
        : !done
          ? "See what going live would create, update, match and hold, before anything is written."
          : stale
            ? "Settings, mappings or rates changed since it ran: refresh it to see what will happen now."
            : "Up to date.",
    ),
    line(
      "mappings",
      "Mappings complete for what the preview found",
      false,
      !mappings ? "todo" : mappings.records ? "warning" : "done",
      !mappings
        ? "Known once the preview has run."
        : mappings.records
          ? `${countOf(mappings.records, "record")} would be held for ${countOf(mappings.groups, "missing mapping")}.`
          : "Nothing would be held for a mapping.",
    ),
    line(
      "fx",
      "Exchange rates for the period",
      false,
      !fx ? "todo" : fx.records ? "warning" : "done",
      !fx
        ? "Known once the preview has run."
        : fx.records
          ? `${countOf(fx.records, "record")} would be held for ${countOf(fx.groups, "missing rate")}.`
          : "Every rate the documents need is there.",
    ),
    line(
      "settings",
      "Sync settings reviewed",
      true,
      f.company.settingsReviewedAt ? "done" : "todo",
      f.company.settingsReviewedAt
        ? "Reviewed."
        : "Read the sync settings (some are fixed once invoices are in Sage 100) and confirm them.",
    ),
  ];
}

/** The blocking lines still open: Start syncing refuses while any is. A running preview does not count as one that completed. */
export function missingLines(lines: readonly ChecklistLine[]): ChecklistLine[] {
  return lines.filter((l) => l.blocking && (l.state === "todo" || l.state === "running"));
}

export async function getChecklist(o: SetupScope, client: DbOrTx = db): Promise<Checklist> {
  const f = await setupFacts(o, client);
  const lines = checklistLines(f);
  const missing = missingLines(lines);
  const live =
    f.company.wentLiveAt && f.company.status !== "SETTING_UP"
      ? { since: f.company.wentLiveAt, byName: f.wentLiveByName }
      : null;
  return {
    status: f.company.status,
    timezone: f.company.timezone,
    live,
    lines,
    startDate: f.startDate,
    ready: missing.length === 0,
    missing: missing.map((l) => l.label),
  };
}
