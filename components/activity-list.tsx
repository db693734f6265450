import type { ReactNode } from "react";

type Entry = {
  id: string;
  action: string;
  details: unknown;
  createdAt: Date;
  actor: { name: string | null; email: string } | null;
  company: { id: string; name: string } | null;
};

/** Refusals are counted per window in one row: "(37 times in 10 minutes, last at 10:42 UTC)". */
function timesInWindow(d: Record<string, unknown>): ReactNode {
  const count = Number(d.count ?? 1);
  if (!(count > 1)) return null;
  const last = typeof d.lastAt === "string" ? d.lastAt.slice(11, 16) : null;
  return (
    <span className="text-slate-600" data-testid="refusal-count">
      {" "}
      ({count.toLocaleString("en-GB")} times in {String(d.windowMinutes ?? 10)} minutes
      {last ? `, last at ${last} UTC` : ""})
    </span>
  );
}

const VERBS: Record<string, (d: Record<string, unknown>) => ReactNode> = {
  "org.created": (d) => <>created the organization {String(d.name ?? "")}</>,
  "org.renamed": (d) => <>renamed the organization to {String(d.name ?? "")}</>,
  "company.created": (d) => <>created company {String(d.name ?? "")}</>,
  "company.updated": () => <>changed company settings</>,
  "invitation.sent": (d) => (
    <>
      invited {String(d.email)} as {String(d.role).toLowerCase()}
    </>
  ),
  "invitation.resent": (d) => <>re-sent the invitation to {String(d.email)}</>,
  "invitation.revoked": (d) => <>withdrew the invitation to {String(d.email)}</>,
  "invitation.accepted": (d) => <>joined as {String(d.role).toLowerCase()}</>,
  "member.role_changed": (d) => (
    <>
      changed a role from {String(d.from).toLowerCase()} to {String(d.to).toLowerCase()}
    </>
  ),
  "member.removed": (d) => <>removed {String(d.email)}</>,
  "sage100.pairing_code_created": () => <>created a Sage 100 pairing code</>,
  "sage100.agent_paired": (d) => (
    <>paired {d.sandbox ? "a sandbox Sage 100 agent" : <>the Sage 100 agent on {String(d.hostname)}</>}</>
  ),
  "sage100.agent_revoked": (d) => <>revoked the Sage 100 agent on {String(d.hostname)}</>,
  "sage100.agent_paused": () => <>paused the Sage 100 agent</>,
  "sage100.agent_resumed": () => <>resumed the Sage 100 agent</>,
  "sage100.sandbox_started": () => <>started a Sage 100 sandbox</>,
  "sage100.agent_refused": (d) => (
    <>
      — a Sage 100 agent request was refused: {String(d.reason)}
      {timesInWindow(d)}
    </>
  ),
  "sage100.pairing_refused": (d) => (
    <>
      — a Sage 100 pairing attempt was refused: {String(d.reason)}
      {timesInWindow(d)}
    </>
  ),
  "sync.requested": (d) => (
    <>asked for a sync now{d.flow ? <> of {String((d.flows as string[] | undefined)?.[0] ?? d.flow)}</> : null}</>
  ),
  "sync.flow_paused": (d) => <>paused the {String(d.label ?? d.flow)} sync</>,
  "sync.flow_resumed": (d) => <>resumed the {String(d.label ?? d.flow)} sync</>,
  "sync.record_retried": (d) => (
    <>
      retried {String(d.from ?? "").toLowerCase()} {String(d.model ?? "record").replaceAll("_", " ")}{" "}
      {String(d.externalId ?? "")}
    </>
  ),
  "sync.failed_retried": (d) => (
    <>
      retried {String(d.count)} failed {String(d.model ?? "record").replaceAll("_", " ")} record
      {d.count === 1 ? "" : "s"}
    </>
  ),
  "sync.settings_updated": (d) => (
    <>
      changed sync settings
      {Array.isArray(d.changed) && d.changed.length ? <> ({(d.changed as string[]).join(", ")})</> : null}
    </>
  ),
  "mapping.saved": (d) => (
    <>
      mapped{" "}
      {String(d.kind ?? "")
        .replaceAll("_", " ")
        .replace(" to ", " → ")}{" "}
      {String(d.sourceKey ?? "")} to {String(d.targetValue ?? "")}
      {Number(d.released) > 0 ? (
        <>
          , releasing {String(d.released)} held record{d.released === 1 ? "" : "s"}
        </>
      ) : null}
    </>
  ),
  "mapping.deleted": (d) => (
    <>
      removed the{" "}
      {String(d.kind ?? "")
        .replaceAll("_", " ")
        .replace(" to ", " → ")}{" "}
      mapping of {String(d.sourceKey ?? "")}
    </>
  ),
  "fx.saved": (d) => (
    <>
      {d.source === "csv" ? "imported" : "entered"} {String(d.count)} exchange rate{d.count === 1 ? "" : "s"}
      {Number(d.released) > 0 ? (
        <>
          , releasing {String(d.released)} held document{d.released === 1 ? "" : "s"}
        </>
      ) : null}
    </>
  ),
  "fx.deleted": (d) => (
    <>
      removed the {String(d.from)}→{String(d.to)} rate for {String(d.day)}
    </>
  ),
  "sync.tie_out_variance": (d) => (
    <>
      — the tie-out of {String(d.day)} found {String(d.documents)} {String(d.label ?? d.kind ?? "").toLowerCase()} that
      differ between KashFlow and Sage 100
    </>
  ),
  "sync.tie_out_recomputed": (d) => (
    <>
      recomputed the tie-out of {String(d.day)}
      {d.askSage100 ? " asking Sage 100" : ""}
    </>
  ),
  "setup.preview_requested": () => <>asked for a first-sync preview</>,
  "setup.flows_chosen": (d) => (
    <>
      chose the flows ({Array.isArray(d.off) && d.off.length ? <>off: {(d.off as string[]).join(", ")}</> : "all on"})
    </>
  ),
  "setup.settings_reviewed": () => <>confirmed the sync settings were reviewed</>,
  "company.went_live": () => <>started syncing</>,
  "sync.match_resolved": (d) => (
    <>
      settled the match of KashFlow {String(d.model ?? "record").replaceAll("_", " ")} {String(d.kashflowId ?? "")}:{" "}
      {d.resolution === "CREATE" ? "create a new Sage 100 record" : <>Sage 100 {String(d.resolution)}</>}
    </>
  ),
};

export function ActivityList({ entries }: { entries: Entry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">Nothing has happened yet.</p>;
  return (
    <ol className="divide-y divide-slate-100" aria-label="Activity">
      {entries.map((e) => {
        const details = (e.details && typeof e.details === "object" ? e.details : {}) as Record<string, unknown>;
        const describe = VERBS[e.action];
        return (
          <li key={e.id} className="flex flex-wrap items-baseline justify-between gap-2 py-3 text-sm">
            <span>
              <strong className="font-medium">{e.actor?.name ?? e.actor?.email ?? "Ledgerlink"}</strong>{" "}
              {describe ? describe(details) : e.action}
              {e.company ? <span className="text-slate-500"> · {e.company.name}</span> : null}
            </span>
            <time className="text-xs text-slate-500" dateTime={e.createdAt.toISOString()}>
              {e.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC
            </time>
          </li>
        );
      })}
    </ol>
  );
}
