// Fitting text into a target's field lengths: anything cut or dropped becomes a RecordWarning, never silent.
import type { RecordWarning } from "../model";

/** Collects the warnings of one record while its fields are fitted. */
export class FitLog {
  readonly warnings: RecordWarning[] = [];

  /** `value` trimmed and cut to `max` characters; a cut is recorded against `field`. */
  fit(value: string | null | undefined, max: number, field: string, label: string): string {
    const text = (value ?? "").replace(/\s+/g, " ").trim();
    if (text.length <= max) return text;
    const kept = text.slice(0, max).trimEnd();
    this.warn(field, `${label} "${text}" is longer than the ${max} characters Sage 100 allows; kept "${kept}".`);
    return kept;
  }

  warn(field: string, message: string): void {
    if (!this.warnings.some((w) => w.field === field && w.message === message)) this.warnings.push({ field, message });
  }
}
