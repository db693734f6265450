// "Fix it" for a record held for a missing mapping or exchange rate: straight to the prefilled form.
import Link from "next/link";
import { holdFixHref } from "./hrefs";

export function HoldFixLink({
  syncHref,
  code,
  field,
  compact = false,
}: {
  syncHref: string;
  code: string | null | undefined;
  field: string | null | undefined;
  compact?: boolean;
}) {
  const fix = holdFixHref(syncHref, code, field);
  if (!fix) return null;
  return (
    <Link
      href={fix.href}
      className={
        compact
          ? "text-xs font-medium text-indigo-700 hover:underline"
          : "inline-flex text-sm font-medium text-indigo-700 hover:underline"
      }
      data-testid="hold-fix-link"
    >
      {fix.label} →
    </Link>
  );
}
