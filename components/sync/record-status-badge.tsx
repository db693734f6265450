import { Badge } from "@/components/ui/card";
import { STATUS_LABEL, STATUS_MEANING, STATUS_TONE, type RecordStatus } from "./labels";

export function RecordStatusBadge({ status }: { status: RecordStatus }) {
  return (
    <span title={STATUS_MEANING[status]} data-testid="sync-record-status">
      <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>
    </span>
  );
}
