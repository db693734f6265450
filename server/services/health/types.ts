// The health model's shapes: one CompanyHealth per company, computed in one place (./company-health.ts) and read by
// every screen, the alerts and the digest. Nothing else decides whether a company or a flow is "OK".
import type { CompanyStatus, PauseReason } from "@/server/generated/prisma/enums";
import type { AlertKind, AlertSeverity } from "@/server/services/alerts/kinds";

export type HealthProblem = {
  /** An alert kind, or "setup" for what a company in set-up still lacks (never alerted). */
  kind: AlertKind | "setup";
  /** Stable within the kind: a flow id, a day, "agent", "connection", "GBP-USD:2026-12-05". */
  subject: string;
  severity: AlertSeverity;
  /** One plain sentence: "3 sales invoices are held for a person." */
  sentence: string;
  /** The page (or record) that fixes it, an app path such as /o/acme/companies/c1/sync/records?status=HELD. */
  href: string;
  count: number;
};

export type FlowHealthState = "ok" | "attention" | "failing" | "not_run" | "paused" | "off";

export type FlowHealth = {
  flowId: string;
  state: FlowHealthState;
  /** "OK", "Needs attention: 3 held, 1 failed", "Failing: <reason>", "Not run yet", "Paused", "Off". */
  label: string;
  held: number;
  failed: number;
  dead: number;
};

export type HealthLevel = "ok" | "attention" | "critical" | "setting_up" | "paused" | "archived";

export type CompanyHealth = {
  companyId: string;
  orgId: string;
  orgSlug: string;
  orgName: string;
  companyName: string;
  timezone: string;
  lifecycle: CompanyStatus;
  pauseReason: PauseReason | null;
  /** The worst of the problems; setting_up / paused / archived say so whatever else is true. */
  level: HealthLevel;
  /** "All good", "Needs attention: 2 problems", "Paused by a person", ... */
  summary: string;
  problems: HealthProblem[];
  /** `waiting`: pending records that wait on another record (not due, nobody's to act on; not in `pending`). */
  counts: { pending: number; waiting: number; held: number; failed: number; dead: number };
  flows: FlowHealth[];
  agentOnline: boolean | null;
  lastSyncAt: Date | null;
};
