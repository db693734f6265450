// A company's health in one badge: its level in words, with the model's summary as its accessible name.
import { Badge } from "@/components/ui/card";
import type { HealthLevel } from "@/server/services/health/types";

const TONE: Record<HealthLevel, "slate" | "green" | "amber" | "red" | "indigo"> = {
  ok: "green",
  attention: "amber",
  critical: "red",
  setting_up: "indigo",
  paused: "slate",
  archived: "slate",
};

const TEXT: Record<HealthLevel, string> = {
  ok: "All good",
  attention: "Needs attention",
  critical: "Needs attention now",
  setting_up: "Setting up",
  paused: "Paused",
  archived: "Archived",
};

export function HealthBadge({ level, summary }: { level: HealthLevel; summary?: string }) {
  return (
    <span
      role="img"
      data-testid="health-badge"
      data-level={level}
      title={summary}
      aria-label={summary ? `Health: ${summary}` : undefined}
    >
      <Badge tone={TONE[level]}>{TEXT[level]}</Badge>
    </span>
  );
}
