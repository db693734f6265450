// The agent's vital signs as reported in its heartbeats.
type Agent = {
  driver: string;
  sageCompany: string | null;
  version: string;
  state: string | null;
  lastHeartbeatAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

function ago(seconds: number | null): string {
  if (seconds === null) return "never";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

export function AgentFacts({
  agent,
  heartbeatAgeSeconds,
  queued,
  leased,
}: {
  agent: Agent;
  heartbeatAgeSeconds: number | null;
  queued: number;
  leased: number;
}) {
  const rows: Array<[string, string, string]> = [
    ["Last heartbeat", ago(heartbeatAgeSeconds), "sage100-last-heartbeat"],
    ["Driver", agent.driver === "boi" ? "Business Object Interface (COM)" : "Simulator", "sage100-driver"],
    ["Sage company", agent.sageCompany ?? "—", "sage100-sage-company"],
    ["Agent version", agent.version, "sage100-version"],
    ["Commands waiting", leased ? `${queued} queued, ${leased} in progress` : String(queued), "sage100-queue"],
  ];
  return (
    <div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value, id]) => (
          <div key={id} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd data-testid={id}>{value}</dd>
          </div>
        ))}
      </dl>
      {agent.lastError ? (
        <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-800" data-testid="sage100-last-error">
          Last problem{agent.lastErrorAt ? ` (${agent.lastErrorAt.toLocaleString()})` : ""}: {agent.lastError}
        </p>
      ) : null}
    </div>
  );
}
