// The absolute links alert emails carry: the page that fixes a problem, the preferences page, and unsubscribe.
import { env } from "@/lib/env";
import type { AlertKind } from "./kinds";

export function absoluteUrl(path: string): string {
  if (/^https?:\/\//.test(path)) return path;
  return `${env().APP_URL.replace(/\/+$/, "")}${path.startsWith("/") ? "" : "/"}${path}`;
}

export function companyPath(orgSlug: string, companyId: string): string {
  return `/o/${orgSlug}/companies/${companyId}`;
}

/** Where several alerts of one kind are fixed together: the filtered list, not one record. */
export function kindListPath(kind: AlertKind | string, orgSlug: string, companyId: string): string {
  const company = companyPath(orgSlug, companyId);
  switch (kind) {
    case "failed_postings":
      return `${company}/sync/records?status=DEAD`;
    case "held_records":
    case "period_closed":
      return `${company}/sync/records?status=HELD`;
    case "flow_failing":
      return `${company}/sync`;
    case "tie_out_variance":
      return `${company}/sync/tie-out`;
    case "fx_missing":
      return `${company}/sync/fx`;
    default:
      return company;
  }
}

/** One alert: its own link (the record, or the list the health model chose); several: the kind's list. */
export function groupPath(alerts: { href: string }[], kind: string, orgSlug: string, companyId: string): string {
  return alerts.length === 1 && alerts[0]!.href ? alerts[0]!.href : kindListPath(kind, orgSlug, companyId);
}

export function preferencesPath(orgSlug: string): string {
  return `/o/${orgSlug}/notifications/settings`;
}

export function notificationsPath(orgSlug: string): string {
  return `/o/${orgSlug}/notifications`;
}

export function unsubscribePageUrl(token: string): string {
  return absoluteUrl(`/unsubscribe?token=${encodeURIComponent(token)}`);
}

export function oneClickUnsubscribeUrl(token: string): string {
  return absoluteUrl(`/api/unsubscribe?token=${encodeURIComponent(token)}`);
}

/** RFC 8058: mail clients show "Unsubscribe" and POST "List-Unsubscribe=One-Click" to the URL, no sign-in. */
export function listUnsubscribeHeaders(token: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${oneClickUnsubscribeUrl(token)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
