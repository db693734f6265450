// Every SQL statement any pg client of this process sends (Prisma's pool included), counted by wrapping
// pg.Client#query; with BENCH_SQL=1 also by their text (first 100 characters), to see which ones a run sends most.
import pg from "pg";

export const statements = { count: 0, byText: new Map<string, number>() };

const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const query = clientProto.query;
clientProto.query = function counted(this: unknown, ...args: unknown[]) {
  statements.count++;
  if (process.env.BENCH_SQL) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = (typeof first === "string" ? first : (first?.text ?? "?")).replace(/\s+/g, " ").slice(0, 100);
    statements.byText.set(text, (statements.byText.get(text) ?? 0) + 1);
  }
  return query.apply(this, args);
};

export function resetStatements(): void {
  statements.count = 0;
  statements.byText.clear();
}

/** With BENCH_SQL: the statements sent most, one line each. */
export function printTopStatements(n = 25): void {
  if (!process.env.BENCH_SQL) return;
  for (const [text, count] of [...statements.byText].sort(([, a], [, b]) => b - a).slice(0, n))
    console.log(`    ${String(count).padStart(7)}  ${text}`);
}
