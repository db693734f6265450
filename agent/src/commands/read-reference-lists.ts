// readReferenceLists: Sage 100's G/L accounts, tax classes and bank codes over ODBC (no BOI session, so no licence),
// for the server's mapping forms. Each list is read on its own: one Sage cannot read does not spoil the others.
import type { Row } from "../drivers/types";
import { normaliseError } from "../errors/normalise";
import type { PayloadOf, ReadReferenceListsResult, ReferenceList, ReferenceRow, ResultOf } from "../protocol";
import type { CommandContext } from "./context";

/** Trimmed text cut to the protocol's length (ODBC may pad, and a customised column may be longer). */
const str = (value: unknown, max: number): string => (value == null ? "" : String(value).trim().slice(0, max));

/** One row more than asked tells a complete list from a cut one. */
async function readTable(
  ctx: CommandContext,
  table: string,
  key: string,
  maxRows: number,
): Promise<{ rows: Row[]; truncated: boolean }> {
  const rows = await ctx.odbc.query(`SELECT TOP ${maxRows + 1} * FROM ${table} ORDER BY ${key}`);
  return { rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
}

function glAccount(r: Row): ReferenceRow<"glAccounts"> {
  const type = str(r.AccountType, 1);
  const group = str(r.AccountGroup, 20);
  return {
    account: str(r.Account, 13),
    accountKey: str(r.AccountKey, 9),
    description: str(r.AccountDesc, 50),
    status: str(r.Status, 1) || "A",
    ...(type ? { type } : {}),
    ...(group ? { group } : {}),
  };
}

/** AccountKey -> formatted account for the bank codes' cash accounts: from the accounts read, else a keyed lookup. */
async function accountsByKey(
  ctx: CommandContext,
  keys: string[],
  read: ReferenceRow<"glAccounts">[] | null,
): Promise<Map<string, string>> {
  const out = new Map((read ?? []).map((a) => [a.accountKey, a.account]));
  const missing = keys.filter((k) => !out.has(k));
  // Chunked IN lists: the ProvideX driver slows down on long ones.
  for (let i = 0; i < missing.length; i += 200) {
    const chunk = missing.slice(i, i + 200);
    const rows = await ctx.odbc.query(
      `SELECT AccountKey, Account FROM GL_Account WHERE AccountKey IN (${chunk.map(() => "?").join(", ")})`,
      chunk,
    );
    for (const r of rows) out.set(str(r.AccountKey, 9), str(r.Account, 13));
  }
  return out;
}

async function readList(
  ctx: CommandContext,
  list: ReferenceList,
  maxRows: number,
  accounts: ReferenceRow<"glAccounts">[] | null,
) {
  switch (list) {
    case "glAccounts": {
      const { rows, truncated } = await readTable(ctx, "GL_Account", "AccountKey", maxRows);
      return { ok: true as const, rows: rows.map(glAccount).filter((a) => a.account), truncated };
    }
    case "taxClasses": {
      const { rows, truncated } = await readTable(ctx, "SY_SalesTaxClass", "TaxClass", maxRows);
      return {
        ok: true as const,
        rows: rows
          .map((r) => ({ taxClass: str(r.TaxClass, 2), description: str(r.TaxClassDesc, 30) }))
          .filter((t) => t.taxClass),
        truncated,
      };
    }
    case "bankCodes": {
      const { rows, truncated } = await readTable(ctx, "GL_BankCode", "BankCode", maxRows);
      const keys = [...new Set(rows.map((r) => str(r.CashAcctKey, 9)).filter(Boolean))];
      const byKey = keys.length ? await accountsByKey(ctx, keys, accounts) : new Map<string, string>();
      return {
        ok: true as const,
        rows: rows
          .map((r) => {
            const cashAccount = byKey.get(str(r.CashAcctKey, 9));
            return {
              bankCode: str(r.BankCode, 1),
              name: str(r.BankName ?? r.BankDesc ?? r.Description, 30),
              ...(cashAccount ? { cashAccount } : {}),
            };
          })
          .filter((b) => b.bankCode),
        truncated,
      };
    }
  }
}

export async function readReferenceLists(
  ctx: CommandContext,
  p: PayloadOf<"readReferenceLists">,
): Promise<ResultOf<"readReferenceLists">> {
  const result: ReadReferenceListsResult = {};
  // Accounts first, so the bank codes' cash accounts come from the same read.
  const order = [...new Set(p.lists)].sort((a, b) => (a === "glAccounts" ? -1 : b === "glAccounts" ? 1 : 0));
  for (const list of order) {
    const accounts = result.glAccounts?.ok ? result.glAccounts.rows : null;
    try {
      Object.assign(result, { [list]: await readList(ctx, list, p.maxRows, accounts) });
    } catch (error) {
      Object.assign(result, { [list]: { ok: false, error: normaliseError(error) } });
    }
  }
  return result;
}
