// One health model per company, computed here and nowhere else: every screen, the alerts and the digest read it.
// Batched: a fixed number of queries whatever the number of companies.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { PAUSE_REASON_LABELS } from "@/server/services/companies/lifecycle";
import { flowHealths } from "./flow-health";
import { loadHealthFacts, type CompanyFacts } from "./health-facts";
import { agentOnline, allProblems } from "./problems";
import type { CompanyHealth, HealthLevel, HealthProblem } from "./types";
import { plural } from "./words";

export type HealthOptions = { now?: Date };

export async function healthOfCompanies(
  companyIds: string[],
  o: HealthOptions = {},
): Promise<Map<string, CompanyHealth>> {
  const now = o.now ?? new Date();
  const facts = await loadHealthFacts(companyIds, now);
  return new Map([...facts].map(([id, f]) => [id, assess(f, now)]));
}

/** One company of the caller's organization; another organization's is not found. */
export async function companyHealth(
  scope: { orgId: string; companyId: string },
  o: HealthOptions = {},
): Promise<CompanyHealth> {
  const company = await db.company.findFirst({
    where: { id: scope.companyId, orgId: scope.orgId },
    select: { id: true },
  });
  if (!company) throw AppError.notFound("Company");
  const health = (await healthOfCompanies([company.id], o)).get(company.id);
  if (!health) throw AppError.notFound("Company");
  return health;
}

/** Every company of an organization but the archived ones, by name. */
export async function organizationHealth(scope: { orgId: string }, o: HealthOptions = {}): Promise<CompanyHealth[]> {
  const companies = await db.company.findMany({
    where: { orgId: scope.orgId, status: { not: "ARCHIVED" } },
    select: { id: true },
    orderBy: { name: "asc" },
  });
  const health = await healthOfCompanies(
    companies.map((c) => c.id),
    o,
  );
  return companies.flatMap((c) => health.get(c.id) ?? []);
}

function levelOf(f: CompanyFacts, problems: HealthProblem[]): HealthLevel {
  switch (f.company.status) {
    case "SETTING_UP":
      return "setting_up";
    case "PAUSED":
      return "paused";
    case "ARCHIVED":
      return "archived";
    default:
      return problems.some((p) => p.severity === "critical") ? "critical" : problems.length > 0 ? "attention" : "ok";
  }
}

function summaryOf(f: CompanyFacts, level: HealthLevel, problems: HealthProblem[]): string {
  const n = problems.length;
  switch (level) {
    case "setting_up":
      return n ? `Setting up: ${plural(n, "step")} left` : "Setting up";
    case "paused": {
      const why = f.company.pauseReason ? PAUSE_REASON_LABELS[f.company.pauseReason] : "Paused";
      return n ? `${why} · ${plural(n, "problem")}` : why;
    }
    case "archived":
      return "Archived";
    case "ok":
      return "All good";
    default:
      return `Needs attention: ${plural(n, "problem")}`;
  }
}

function assess(f: CompanyFacts, now: Date): CompanyHealth {
  const problems = allProblems(f, now);
  const level = levelOf(f, problems);
  const counts = { pending: 0, waiting: 0, held: 0, failed: 0, dead: 0 };
  for (const g of f.records)
    counts[
      g.status === "PENDING"
        ? g.bucket === "waiting"
          ? "waiting"
          : "pending"
        : g.status === "HELD"
          ? "held"
          : g.status === "FAILED"
            ? "failed"
            : "dead"
    ] += g.n;
  const finished = f.states.map((s) => s.runFinishedAt?.getTime() ?? 0).filter((t) => t > 0);
  return {
    companyId: f.company.id,
    orgId: f.company.orgId,
    orgSlug: f.company.orgSlug,
    orgName: f.company.orgName,
    companyName: f.company.name,
    timezone: f.company.timezone,
    lifecycle: f.company.status,
    pauseReason: f.company.pauseReason,
    level,
    summary: summaryOf(f, level, problems),
    problems,
    counts,
    flows: flowHealths(f),
    agentOnline: agentOnline(f, now),
    lastSyncAt: finished.length ? new Date(Math.max(...finished)) : null,
  };
}
