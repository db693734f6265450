import { Badge } from "@/components/ui/card";
import type { PauseReason } from "@/server/generated/prisma/enums";

const TONES = { SETTING_UP: "amber", LIVE: "green", PAUSED: "slate", ARCHIVED: "slate" } as const;
const LABELS = { SETTING_UP: "Setting up", LIVE: "Live", PAUSED: "Paused", ARCHIVED: "Archived" } as const;
/** Why a company is paused, in a badge's few words (the company page says it in full). */
const PAUSED_BY: Record<PauseReason, string> = {
  PERSON: "by a person",
  PERIOD_END: "period-end",
  AGENT_REVOKED: "agent revoked",
  BILLING: "billing",
};

export function CompanyStatusBadge({
  status,
  pauseReason,
}: {
  status: keyof typeof TONES;
  pauseReason?: PauseReason | null;
}) {
  const label = status === "PAUSED" && pauseReason ? `Paused — ${PAUSED_BY[pauseReason]}` : LABELS[status];
  return (
    <span data-testid="company-status" data-status={status}>
      <Badge tone={TONES[status]}>{label}</Badge>
    </span>
  );
}
