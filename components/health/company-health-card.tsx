// The company page's health: the level and summary, what is held, failed or dead, and every problem with its fix.
import Link from "next/link";
import { formatCount } from "@/components/sync/format";
import { Card } from "@/components/ui/card";
import type { CompanyHealth } from "@/server/services/health/types";
import { HealthBadge } from "./health-badge";
import { HealthProblemList } from "./health-problems";

export function CompanyHealthCard({ health, syncHref }: { health: CompanyHealth; syncHref: string }) {
  const { counts } = health;
  const records = `${syncHref}/records`;
  return (
    <Card
      title="Health"
      description="Worst first: each problem says what is wrong and links to where it is fixed."
      actions={<HealthBadge level={health.level} summary={health.summary} />}
    >
      <div className="space-y-3" data-testid="company-health" data-level={health.level}>
        <p className="text-sm font-medium text-slate-800" data-testid="company-health-summary">
          {health.summary}
        </p>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm" aria-label="Records needing attention">
          {(["held", "failed", "dead"] as const).map((k) => (
            <div key={k} className="flex gap-1.5">
              <dt className="text-slate-500">{k === "held" ? "Held" : k === "failed" ? "Failed" : "Dead"}</dt>
              <dd data-testid={`company-health-${k}`}>
                {counts[k] ? (
                  <Link
                    href={`${records}?status=${k.toUpperCase()}`}
                    className="font-medium text-indigo-700 hover:underline"
                  >
                    {formatCount(counts[k])}
                  </Link>
                ) : (
                  <span className="text-slate-700">0</span>
                )}
              </dd>
            </div>
          ))}
        </dl>
        {health.problems.length ? (
          <HealthProblemList problems={health.problems} />
        ) : (
          <p className="text-sm text-emerald-800">Nothing needs attention.</p>
        )}
      </div>
    </Card>
  );
}
