// "What needs attention": a company's problems worst first, each one sentence with a link to the page that fixes it.
// Used by the sync dashboard's banner and the company page.
import Link from "next/link";
import type { CompanyHealth, HealthProblem } from "@/server/services/health/types";

const DOT: Record<HealthProblem["severity"], string> = {
  critical: "bg-red-600",
  warning: "bg-amber-500",
  info: "bg-indigo-500",
};
const SEVERITY_WORD: Record<HealthProblem["severity"], string> = {
  critical: "Critical",
  warning: "Warning",
  info: "To do",
};

/** The fix link's words: where it goes. */
function fixLabel(p: HealthProblem): string {
  if (p.href.includes("/records/")) return "Open the record";
  if (p.href.includes("/records")) return "See the records";
  if (p.href.includes("/fx")) return "Enter the rate";
  if (p.href.includes("/settings#")) return "Open sync settings";
  if (p.href.includes("/tie-out/")) return "See the day";
  if (p.href.includes("#flow-")) return "See the flow";
  return "Open the company page";
}

export function HealthProblemList({ problems }: { problems: HealthProblem[] }) {
  return (
    <ul className="space-y-2" data-testid="health-problems">
      {problems.map((p) => (
        <li
          key={`${p.kind}|${p.subject}`}
          className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-sm"
          data-testid="health-problem"
          data-kind={p.kind}
          data-subject={p.subject}
        >
          <span
            className={`inline-block size-2 shrink-0 translate-y-[-1px] rounded-full ${DOT[p.severity]}`}
            aria-hidden
          />
          <span className="sr-only">{SEVERITY_WORD[p.severity]}:</span>
          <span className="min-w-0 flex-1 text-slate-800">{p.sentence}</span>
          <Link
            href={p.href}
            className="whitespace-nowrap font-medium text-indigo-700 hover:underline"
            data-testid="health-problem-fix"
          >
            {fixLabel(p)} →
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The banner the sync dashboard opens with; nothing when all is well (or in set-up, which its checklist covers). */
export function HealthBanner({ health }: { health: CompanyHealth }) {
  if (health.problems.length === 0 || health.level === "setting_up") return null;
  const critical = health.problems.some((p) => p.severity === "critical");
  return (
    <section
      aria-labelledby="health-banner-title"
      className={`mb-6 rounded-md px-4 py-3 ring-1 ${critical ? "bg-red-50 ring-red-200" : "bg-amber-50 ring-amber-200"}`}
      data-testid="health-banner"
      data-level={health.level}
    >
      <h2 id="health-banner-title" className="mb-2 text-sm font-semibold text-slate-900">
        What needs attention
      </h2>
      <HealthProblemList problems={health.problems} />
    </section>
  );
}
