// The kinds of alert a company can raise: one list, read by the health model (what a problem is), delivery (who
// gets it at once, who in the digest) and the preferences screen (what a person can turn off).
import type { Role } from "@/server/generated/prisma/enums";

export type AlertSeverity = "critical" | "warning" | "info";

export const ALERT_KINDS = {
  failed_postings: {
    label: "Failed postings",
    description: "A record ran out of retries, or Sage 100 refused a posting.",
    severity: "critical",
    immediate: true,
  },
  flow_failing: {
    label: "A flow failing run after run",
    description: "A flow ended in an error on consecutive runs.",
    severity: "critical",
    immediate: true,
  },
  agent_offline: {
    label: "Sage 100 agent offline",
    description: "The agent stopped sending heartbeats (and when it is back).",
    severity: "critical",
    immediate: true,
  },
  kashflow_connection: {
    label: "KashFlow connection",
    description: "The KashFlow connection expired, was locked, refused a refresh or cannot be reached.",
    severity: "critical",
    immediate: true,
  },
  tie_out_variance: {
    label: "Tie-out variances",
    description: "A day's KashFlow and Sage 100 totals differ.",
    severity: "warning",
    immediate: true,
  },
  period_closed: {
    label: "Closed Sage 100 periods",
    description: "Documents held because their Sage 100 period is closed.",
    severity: "warning",
    immediate: true,
  },
  held_records: {
    label: "Records held for a person",
    description: "Records waiting for a mapping, a match or a decision.",
    severity: "warning",
    immediate: false,
  },
  fx_missing: {
    label: "Missing FX rates",
    description: "Documents or tie-out days waiting for an exchange rate.",
    severity: "warning",
    immediate: false,
  },
} as const satisfies Record<
  string,
  { label: string; description: string; severity: AlertSeverity; immediate: boolean }
>;

export type AlertKind = keyof typeof ALERT_KINDS;
export const ALERT_KIND_LIST = Object.keys(ALERT_KINDS) as AlertKind[];
export const isAlertKind = (k: string): k is AlertKind => k in ALERT_KINDS;

export type DigestFrequency = "daily" | "weekly" | "off";

/** What a role gets when the person has chosen nothing: viewers get nothing unless they ask for it. */
export function defaultImmediate(role: Role, kind: AlertKind): boolean {
  return role !== "VIEWER" && ALERT_KINDS[kind].immediate;
}
export function defaultDigest(role: Role): DigestFrequency {
  return role === "VIEWER" ? "off" : "daily";
}
