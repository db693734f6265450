// The organization's billing state in one badge: its words and tone, with the full sentence as its accessible name.
import { Badge } from "@/components/ui/card";
import type { BillingStatus } from "@/server/services/billing/contract";
import { statusWords } from "./billing-words";

export function BillingStatusBadge({ status }: { status: BillingStatus }) {
  const words = statusWords(status);
  return (
    <span data-testid="billing-state" data-state={status.state} title={words.sentence}>
      <Badge tone={words.tone}>{words.label}</Badge>
    </span>
  );
}
