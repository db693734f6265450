// The record itself: where it lives, its counterpart and entity link, attempts and backoff, warnings.
import Link from "next/link";
import type { ReactNode } from "react";
import type { SyncRecordDetail } from "@/server/services/sync/get-sync-record";
import { formatWhen } from "./format";
import { fieldLabel, modelLabel, SYSTEM_NAMES } from "./labels";
import { RecordStatusBadge } from "./record-status-badge";

export function RecordFacts({
  detail,
  recordsHref,
  timeZone,
}: {
  detail: SyncRecordDetail;
  recordsHref: string;
  timeZone: string;
}) {
  const { record, counterpart, link, flows } = detail;
  const other = record.system === "KASHFLOW" ? "SAGE100" : "KASHFLOW";
  const rows: [string, ReactNode][] = [
    ["Status", <RecordStatusBadge key="s" status={record.status} waiting={Boolean(record.waitingFor)} />],
    [
      `${SYSTEM_NAMES[record.system]} id`,
      <span key="e" className="font-mono">
        {record.externalId}
      </span>,
    ],
    [
      `${SYSTEM_NAMES[other]} counterpart`,
      record.counterpartId ? (
        counterpart ? (
          <Link
            key="c"
            href={`${recordsHref}/${counterpart.id}`}
            className="font-mono text-indigo-700 hover:underline"
            data-testid="sync-counterpart"
          >
            {record.counterpartId}
            {counterpart.name ? ` (${counterpart.name})` : ""}
          </Link>
        ) : (
          <span key="c" className="font-mono" data-testid="sync-counterpart">
            {record.counterpartId}
          </span>
        )
      ) : (
        <span key="c" className="text-slate-500">
          Not written or matched yet
        </span>
      ),
    ],
    [
      "Entity link",
      link ? (
        <span key="l">
          KashFlow <span className="font-mono">{link.kashflowId}</span> ⇄ Sage 100{" "}
          <span className="font-mono">{link.sage100Key}</span>{" "}
          <span className="text-slate-500">since {formatWhen(link.createdAt, timeZone)}</span>
        </span>
      ) : (
        <span key="l" className="text-slate-500">
          None yet
        </span>
      ),
    ],
    [
      "Carried by",
      flows.length ? (
        flows.map((f) => `${f.label} (${f.direction})`).join(", ")
      ) : (
        <span key="f" className="text-slate-500">
          No flow on this server carries {modelLabel(record.model).toLowerCase()} records out of{" "}
          {SYSTEM_NAMES[record.system]}
        </span>
      ),
    ],
    [
      "Attempts",
      <span key="a">
        {record.attempts}
        {record.status === "FAILED" && record.nextAttemptAt
          ? ` · next try ${formatWhen(record.nextAttemptAt, timeZone)}`
          : ""}
      </span>,
    ],
    ["Last seen", formatWhen(record.lastSeenAt, timeZone)],
  ];
  if (record.deletedAt) rows.push(["Deleted at the source", formatWhen(record.deletedAt, timeZone)]);
  else if (record.missingSince)
    rows.push([
      "Missing from the source since",
      `${formatWhen(record.missingSince, timeZone)} (${record.missingSweeps} sweep${record.missingSweeps === 1 ? "" : "s"})`,
    ]);
  return (
    <div className="space-y-4">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {record.warnings.length > 0 ? (
        <div data-testid="sync-warnings">
          <h3 className="text-sm font-medium text-amber-800">Warnings ({record.warnings.length})</h3>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-sm text-amber-900">
            {record.warnings.map((w, i) => (
              <li key={i}>
                <span className="font-medium">{fieldLabel(w.field)}</span>: {w.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
