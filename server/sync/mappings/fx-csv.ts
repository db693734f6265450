// FX rates from a CSV (date,from,to,rate with a header row): every row checked, row numbers in the errors, all or none.
import { parse } from "csv-parse/sync";
import { AppError } from "@/lib/errors";
import { fxRateInput, type FxRateInput } from "./fx";

const MAX_ROWS = 10_000;

export function parseFxCsv(text: string): FxRateInput[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw AppError.field("csv", `The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (records.length === 0)
    throw AppError.field("csv", "The file has no rows. Expected a header row: date,from,to,rate.");
  if (records.length > MAX_ROWS) throw AppError.field("csv", `At most ${MAX_ROWS} rows per file.`);
  const problems: string[] = [];
  const rates: FxRateInput[] = [];
  records.forEach((row, i) => {
    const parsed = fxRateInput.safeParse({
      day: row.date ?? row.day,
      fromCurrency: row.from,
      toCurrency: row.to,
      rate: row.rate,
    });
    if (parsed.success) rates.push(parsed.data);
    else
      problems.push(`Row ${i + 2}: ${parsed.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}`);
  });
  if (problems.length)
    throw AppError.field(
      "csv",
      `${problems.length} row(s) need fixing; nothing was saved. ${problems.slice(0, 10).join(" ")}`,
    );
  return rates;
}
