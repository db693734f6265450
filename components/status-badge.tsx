import { Badge } from "@/components/ui/card";

const TONES = { SETTING_UP: "amber", LIVE: "green", PAUSED: "slate", ARCHIVED: "slate" } as const;
const LABELS = { SETTING_UP: "Setting up", LIVE: "Live", PAUSED: "Paused", ARCHIVED: "Archived" } as const;

export function CompanyStatusBadge({ status }: { status: keyof typeof TONES }) {
  return <Badge tone={TONES[status]}>{LABELS[status]}</Badge>;
}
