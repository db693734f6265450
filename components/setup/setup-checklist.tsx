// The set-up checklist on the company page: each line with its state and the place that settles it, and Start
// syncing for owners and admins. Once the company is live it folds into one line: since when, and who started it.
import Link from "next/link";
import type { BillingContext } from "@/components/billing/plan-limit-prompt";
import { Card } from "@/components/ui/card";
import type { Checklist, ChecklistLine } from "@/server/services/setup/checklist";
import { FirstCarriedDayForm } from "./first-carried-day-form";
import { StartSyncingButton } from "./start-syncing-button";

type Props = {
  companyId: string;
  companyHref: string;
  checklist: Checklist;
  canWrite: boolean;
  canGoLive: boolean;
  /** Whether the plan covers this company too, for Start syncing to ask before it goes. */
  billing?: BillingContext;
};

const STATE: Record<ChecklistLine["state"], { mark: string; label: string; tone: string }> = {
  done: { mark: "✓", label: "Done", tone: "bg-emerald-100 text-emerald-800" },
  todo: { mark: "○", label: "To do", tone: "bg-slate-100 text-slate-600" },
  warning: { mark: "!", label: "Look at this", tone: "bg-amber-100 text-amber-900" },
  running: { mark: "…", label: "Running", tone: "bg-indigo-100 text-indigo-800" },
};

/** "6 Dec 2026, 09:14" in the company's time zone. */
const liveSince = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);

function linkOf(line: ChecklistLine, companyHref: string): { href: string; label: string } {
  switch (line.id) {
    case "kashflow":
      return { href: `${companyHref}#kashflow`, label: line.state === "done" ? "KashFlow" : "Connect KashFlow" };
    case "agent":
      return { href: `${companyHref}#sage100`, label: line.state === "done" ? "Agent" : "Pair the agent" };
    case "startDate":
      return { href: `${companyHref}/sync/settings#start-date`, label: "Sync settings" };
    case "flows":
      return { href: `${companyHref}/setup/flows`, label: line.state === "done" ? "Change flows" : "Choose flows" };
    case "preview":
      return {
        href: `${companyHref}/setup/preview`,
        label: line.state === "todo" ? "Preview the first sync" : "Open the preview",
      };
    case "mappings":
      return { href: `${companyHref}/setup/preview#held`, label: "See what is held" };
    case "fx":
      return { href: `${companyHref}/sync/fx`, label: "FX rates" };
    case "settings":
      return {
        href: `${companyHref}/sync/settings#settings-reviewed`,
        label: line.state === "done" ? "Sync settings" : "Review sync settings",
      };
  }
}

export function SetupChecklist({ companyId, companyHref, checklist, canWrite, canGoLive, billing }: Props) {
  if (checklist.live) {
    return (
      <p
        className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-emerald-200"
        data-testid="setup-live"
      >
        Live since {liveSince(checklist.live.since, checklist.timezone)}
        {checklist.live.byName ? ` · started by ${checklist.live.byName}` : ""}
      </p>
    );
  }
  if (checklist.status !== "SETTING_UP") return null;
  const done = checklist.lines.filter((l) => l.state === "done").length;
  return (
    <Card
      title="Set up before syncing"
      description={`Nothing is written to KashFlow or Sage 100 until someone presses Start syncing. ${done} of ${checklist.lines.length} done.`}
    >
      <ol className="divide-y divide-slate-100" data-testid="setup-checklist">
        {checklist.lines.map((line) => {
          const state = STATE[line.state];
          const link = linkOf(line, companyHref);
          return (
            <li
              key={line.id}
              className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between"
              data-testid={`setup-line-${line.id}`}
              data-state={line.state}
            >
              <div className="flex gap-3">
                <span
                  role="img"
                  className={`mt-0.5 inline-flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${state.tone}`}
                  aria-label={state.label}
                  title={state.label}
                >
                  {state.mark}
                </span>
                <div>
                  <p className="text-sm font-medium text-slate-900">
                    {line.label}
                    {line.blocking ? null : (
                      <span className="ml-2 text-xs font-normal text-slate-500">(not required)</span>
                    )}
                  </p>
                  <p className="text-sm text-slate-600">{line.detail}</p>
                  {line.id === "startDate" && canWrite ? (
                    <FirstCarriedDayForm companyId={companyId} startDate={checklist.startDate} />
                  ) : null}
                </div>
              </div>
              <Link
                href={link.href}
                className="ml-9 shrink-0 text-sm font-medium text-indigo-700 hover:underline sm:ml-0 sm:pt-0.5"
              >
                {link.label} →
              </Link>
            </li>
          );
        })}
      </ol>
      <div className="mt-4 border-t border-slate-100 pt-4">
        {canGoLive ? (
          <StartSyncingButton
            companyId={companyId}
            ready={checklist.ready}
            missing={checklist.missing}
            billing={billing}
          />
        ) : (
          <p className="text-sm text-slate-600" data-testid="start-syncing-who">
            Only an owner or an admin of this organization can start syncing.
          </p>
        )}
      </div>
    </Card>
  );
}
