"use client";
// The last commands sent to the agent, with their outcome in plain words.
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Badge } from "@/components/ui/card";

const TONE = { QUEUED: "slate", LEASED: "indigo", DONE: "green", FAILED: "red" } as const;
const LABEL = { QUEUED: "Queued", LEASED: "In progress", DONE: "Done", FAILED: "Failed" } as const;

export function RecentCommands({ companyId }: { companyId: string }) {
  const trpc = useTRPC();
  const commands = useQuery({ ...trpc.sage100.listCommands.queryOptions({ companyId }), refetchInterval: 5_000 });
  if (!commands.data?.length) return null;
  return (
    <div>
      <h3 className="mb-1 text-sm font-medium text-slate-700">Recent commands</h3>
      <ul className="divide-y divide-slate-100 text-sm" data-testid="sage100-commands">
        {commands.data.map((c) => (
          <li key={c.id} className="flex items-start justify-between gap-3 py-1.5">
            <div>
              <span className="font-mono text-xs">{c.type}</span>
              {c.errorMessage && c.status !== "DONE" ? (
                <p className="text-xs text-slate-500">{c.errorMessage}</p>
              ) : null}
            </div>
            <Badge tone={TONE[c.status]}>
              {LABEL[c.status]}
              {c.attempts > 1 ? ` ×${c.attempts}` : ""}
            </Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}
