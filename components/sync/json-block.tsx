// What was sent or came back, pretty-printed; very large bodies are cut with a note, never silently.
const MAX_CHARS = 50_000;

export function JsonBlock({
  label,
  value,
  open = false,
  testId,
}: {
  label: string;
  value: unknown;
  open?: boolean;
  testId?: string;
}) {
  if (value === null || value === undefined)
    return <p className="text-xs text-slate-500">{label}: nothing recorded.</p>;
  const text = JSON.stringify(value, null, 2) ?? String(value);
  const cut = text.length > MAX_CHARS;
  return (
    <details open={open} className="group" data-testid={testId}>
      <summary className="cursor-pointer text-xs font-medium text-slate-700 hover:text-indigo-700">{label}</summary>
      <pre className="mt-1 max-h-96 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-800 ring-1 ring-slate-200">
        {cut
          ? `${text.slice(0, MAX_CHARS)}\n… (${(text.length - MAX_CHARS).toLocaleString("en-GB")} more characters not shown)`
          : text}
      </pre>
    </details>
  );
}
