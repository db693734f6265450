import { Badge } from "@/components/ui/card";

const TONES = { SETUP: "amber", ACTIVE: "green", PAUSED: "slate", ARCHIVED: "slate" } as const;
const LABELS = { SETUP: "Setting up", ACTIVE: "Active", PAUSED: "Paused", ARCHIVED: "Archived" } as const;

export function CompanyStatusBadge({ status }: { status: keyof typeof TONES }) {
  return <Badge tone={TONES[status]}>{LABELS[status]}</Badge>;
}
