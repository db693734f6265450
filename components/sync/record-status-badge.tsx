import { Badge } from "@/components/ui/card";
import { STATUS_LABEL, STATUS_MEANING, STATUS_TONE, type RecordStatus } from "./labels";

/** `waiting`: a PENDING record waiting on another record is shown as such, not as merely pending. */
export function RecordStatusBadge({ status, waiting = false }: { status: RecordStatus; waiting?: boolean }) {
  if (waiting && status === "PENDING") {
    return (
      <span
        title="Waiting for another record to reach the other system first; it goes by itself after it."
        data-testid="sync-record-status"
        data-waiting="true"
      >
        <Badge tone="slate">Waiting</Badge>
      </span>
    );
  }
  return (
    <span title={STATUS_MEANING[status]} data-testid="sync-record-status">
      <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>
    </span>
  );
}
