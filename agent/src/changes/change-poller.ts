// Change detection without CDC (spec §4): poll each watched table's audit stamps from a persisted high-water mark,
// re-read an overlap window behind it (stamps have 1-second precision, so a write can land in the second we
// already read) and drop rows already delivered by fingerprint. The mark advances only after the server has
// acknowledged the batch, so a failed push is simply read again next time.
import { createHash } from "node:crypto";
import { CHANGE_TABLE_KEYS, CHANGE_TABLES, MAX_CHANGE_ROWS, type ChangeBatch, type ChangeTable } from "../protocol";
import type { OdbcReader } from "../drivers/types";
import type { StateStore } from "../runtime/state-store";
import { readChangedRows, type StampedRow } from "./read-changed-rows";
import { secondsToStamp } from "./stamps";

export type ChangePollerOptions = {
  odbc: OdbcReader;
  state: StateStore;
  send: (batch: ChangeBatch) => Promise<void>;
  tables?: readonly ChangeTable[];
  overlapSeconds?: number;
};

/** Key + stamp + content: a second write inside the same second (same stamp, new content) is still delivered. */
function fingerprint(table: ChangeTable, r: StampedRow): string {
  const key = CHANGE_TABLE_KEYS[table].map((k) => String(r.row[k] ?? "")).join("\u0001");
  const content = createHash("sha256").update(JSON.stringify(r.row)).digest("base64url").slice(0, 16);
  return `${r.stamp}|${key}#${content}`;
}

const stampOf = (fp: string): number => Number(fp.slice(0, fp.indexOf("|")));

export class ChangePoller {
  private readonly tables: readonly ChangeTable[];
  private readonly overlap: number;

  constructor(private readonly options: ChangePollerOptions) {
    this.tables = options.tables ?? CHANGE_TABLES;
    this.overlap = options.overlapSeconds ?? 5;
  }

  /** Polls every table once; returns how many changed rows were delivered. */
  async pollAll(): Promise<number> {
    let delivered = 0;
    for (const table of this.tables) delivered += await this.pollTable(table);
    return delivered;
  }

  async pollTable(table: ChangeTable): Promise<number> {
    const { state, odbc, send } = this.options;
    const mark = state.highWater(table);
    const since = mark ? mark.seconds - this.overlap : null;
    const read = await readChangedRows(odbc, table, since);
    const seen = new Set(mark?.seen ?? []);
    const fresh: Array<StampedRow & { fp: string }> = [];
    for (const r of read) {
      const fp = fingerprint(table, r);
      if (!seen.has(fp)) fresh.push({ ...r, fp });
    }
    fresh.sort((a, b) => a.stamp - b.stamp);

    let current = mark ?? { seconds: 0, seen: [] };
    for (let i = 0; i < fresh.length; i += MAX_CHANGE_ROWS) {
      const chunk = fresh.slice(i, i + MAX_CHANGE_ROWS);
      const top = chunk[chunk.length - 1]!.stamp;
      const batchId = createHash("sha256")
        .update(`${table}\n${chunk.map((c) => c.fp).join("\n")}`)
        .digest("hex")
        .slice(0, 40);
      await send({
        batchId,
        table,
        keyColumns: [...CHANGE_TABLE_KEYS[table]],
        rows: chunk.map((c) => c.row),
        highWater: secondsToStamp(top),
      });
      // Remember what sits inside the overlap window behind the new mark; older fingerprints can no longer recur.
      const seconds = Math.max(current.seconds, top);
      const window = [...current.seen, ...chunk.map((c) => c.fp)].filter((fp) => stampOf(fp) >= seconds - this.overlap);
      current = { seconds, seen: [...new Set(window)] };
      state.setHighWater(table, current);
    }
    return fresh.length;
  }
}
