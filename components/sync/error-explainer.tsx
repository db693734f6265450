// An error as a person reads it: the message, the field to fix, and what Ledgerlink does next (the retry class).
import { fieldLabel, retryClassText } from "./labels";

export function ErrorExplainer({
  message,
  field,
  retryClass,
  code,
  compact = false,
}: {
  message: string | null;
  field?: string | null;
  retryClass?: string | null;
  code?: string | null;
  compact?: boolean;
}) {
  if (!message && !field) return null;
  const next = retryClassText(retryClass);
  if (compact) {
    return (
      <p className="text-xs text-red-700" data-testid="sync-error">
        {field ? <span className="font-medium">{fieldLabel(field)}: </span> : null}
        {message}
      </p>
    );
  }
  return (
    <div
      role="note"
      className="space-y-1 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200"
      data-testid="sync-error"
    >
      <p>{message}</p>
      {field ? (
        <p className="text-xs">
          Field: <span className="font-medium">{fieldLabel(field)}</span>{" "}
          <span className="font-mono text-red-600">({field})</span>
        </p>
      ) : null}
      {next ? <p className="text-xs text-red-700">{next}</p> : null}
      {code ? <p className="font-mono text-[11px] text-red-500">code {code}</p> : null}
    </div>
  );
}
