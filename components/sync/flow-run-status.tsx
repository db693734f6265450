// A flow's state in one badge and one line: running (with its stage), starting soon, paused, failed, done, never run.
// "OK" is the health model's word: a flow that ran but has records held, failed or dead says so instead.
import { Badge } from "@/components/ui/card";
import type { FlowHealth } from "@/server/services/health/types";
import type { FlowOverview } from "@/server/services/sync/sync-overview";

const STAGES: Record<string, string> = {
  detect: "reading changes",
  load: "writing records",
  propagate: "finishing up",
};

export function FlowRunStatus({ flow, health }: { flow: FlowOverview; health?: FlowHealth }) {
  const run = flow.run;
  let badge: { tone: "slate" | "green" | "amber" | "red" | "indigo"; text: string };
  let line: string | null = null;
  if (run?.running) {
    badge = { tone: "indigo", text: "Running" };
    line = run.stage ? `Stage: ${STAGES[run.stage] ?? run.stage}` : null;
  } else if (flow.paused) {
    badge = { tone: "amber", text: "Paused" };
  } else if (run?.requestedAt) {
    badge = { tone: "indigo", text: "Starting soon" };
    line = "Sync now was asked for.";
  } else if (run?.interrupted) {
    badge = { tone: "amber", text: "Interrupted" };
    line = "The last run stopped part-way; it starts again by itself.";
  } else if (run?.status === "FAILED") {
    badge = { tone: "red", text: "Last run failed" };
    line = run.lastError;
  } else if (health?.state === "attention") {
    badge = { tone: health.dead ? "red" : "amber", text: health.label };
  } else if (run?.lastFinishedAt) {
    badge = { tone: "green", text: "OK" };
  } else {
    badge = { tone: "slate", text: "Never run" };
  }
  return (
    <div data-testid="sync-flow-status" data-state={health?.state}>
      <Badge tone={badge.tone}>{badge.text}</Badge>
      {line ? <p className="mt-1 max-w-48 whitespace-normal text-xs text-slate-600">{line}</p> : null}
    </div>
  );
}
