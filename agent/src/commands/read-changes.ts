// readChanges: the rows of one watched table changed since a stamp, oldest first (server-requested backfills).
import { readChangedRows } from "../changes/read-changed-rows";
import { secondsToStamp, stampToSeconds } from "../changes/stamps";
import { CHANGE_TABLE_KEYS, type PayloadOf, type ResultOf } from "../protocol";
import type { CommandContext } from "./context";

export async function readChanges(ctx: CommandContext, p: PayloadOf<"readChanges">): Promise<ResultOf<"readChanges">> {
  const rows = await readChangedRows(ctx.odbc, p.table, p.since ? stampToSeconds(p.since) : null);
  rows.sort((a, b) => a.stamp - b.stamp);
  const page = rows.slice(0, p.top);
  const last = page[page.length - 1];
  return {
    table: p.table,
    keyColumns: [...CHANGE_TABLE_KEYS[p.table]],
    rows: page.map((r) => r.row),
    highWater: last ? secondsToStamp(last.stamp) : null,
  };
}
