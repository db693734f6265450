"use client";
// The company page's Sage 100 card: pair an agent (code + the exact commands), its live status, revoke, pause for
// period-end, test the connection, and "Try with a sandbox".
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { formErrors } from "@/lib/trpc-errors";
import { AgentFacts } from "./agent-facts";
import { PairingInstructions } from "./pairing-instructions";
import { RecentCommands } from "./recent-commands";
import { SandboxDocuments } from "./sandbox-documents";

export function Sage100Card({ companyId, canWrite }: { companyId: string; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery({ ...trpc.sage100.agentStatus.queryOptions({ companyId }), refetchInterval: 5_000 });
  const [pairing, setPairing] = useState<{ code: string; expiresAt: Date; server: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.sage100.pathKey() });
  const onError = (error: unknown) => toast.error(formErrors(error).message ?? "That did not work.");

  const createCode = useMutation(
    trpc.sage100.createPairingCode.mutationOptions({ onSuccess: (p) => setPairing(p), onError }),
  );
  const sandbox = useMutation(
    trpc.sage100.startSandboxAgent.mutationOptions({
      onSuccess: () => {
        setPairing(null);
        toast.success("Sandbox agent started");
        void refresh();
      },
      onError,
    }),
  );
  const revoke = useMutation(
    trpc.sage100.revokeAgent.mutationOptions({
      onSuccess: () => {
        toast.success("Agent revoked");
        void refresh();
      },
      onError,
    }),
  );
  const pause = useMutation(
    trpc.sage100.setAgentPaused.mutationOptions({
      onSuccess: ({ paused }) => {
        toast.success(paused ? "Agent paused" : "Agent resumed");
        void refresh();
      },
      onError,
    }),
  );
  const ping = useMutation(
    trpc.sage100.pingAgent.mutationOptions({
      onSuccess: (r) => {
        if (r.status === "DONE") toast.success(`Sage 100 answered (company ${r.sageCompany ?? "?"})`);
        else toast.error(r.errorMessage ?? "The agent did not answer.");
        void refresh();
      },
      onError,
    }),
  );

  if (status.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (status.isError) return <p className="text-sm text-red-600">{formErrors(status.error).message}</p>;
  const { agent, online, heartbeatAgeSeconds, queued, leased } = status.data;

  return (
    <div className="space-y-4" data-testid="sage100-card">
      {agent ? (
        <>
          <div className="flex items-center justify-between gap-3">
            <div>
              <p className="font-medium" data-testid="sage100-agent-host">
                {agent.sandbox ? "Sandbox agent (simulated Sage 100)" : agent.hostname}
              </p>
              <p className="text-sm text-slate-500">Paired {agent.createdAt.toLocaleString()}</p>
            </div>
            {agent.pausedAt ? (
              <Badge tone="amber">Paused</Badge>
            ) : (
              <span data-testid="sage100-online">
                <Badge tone={online ? "green" : "red"}>{online ? "Online" : "Offline"}</Badge>
              </span>
            )}
          </div>
          <AgentFacts agent={agent} heartbeatAgeSeconds={heartbeatAgeSeconds} queued={queued} leased={leased} />
          {canWrite ? (
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" busy={ping.isPending} onClick={() => ping.mutate({ companyId })}>
                Test connection
              </Button>
              <Button
                variant="secondary"
                busy={pause.isPending}
                onClick={() => pause.mutate({ companyId, paused: !agent.pausedAt })}
              >
                {agent.pausedAt ? "Resume agent" : "Pause for period-end"}
              </Button>
              <Button
                variant="danger"
                busy={revoke.isPending}
                onClick={() => {
                  if (window.confirm("Revoke this agent? It stops working at once and has to be paired again."))
                    revoke.mutate({ companyId });
                }}
              >
                Revoke
              </Button>
            </div>
          ) : null}
          <RecentCommands companyId={companyId} />
          {agent.sandbox ? <SandboxDocuments companyId={companyId} /> : null}
        </>
      ) : (
        <p className="text-sm text-slate-600">
          No agent paired yet. The agent runs on the Sage 100 server and only makes outbound HTTPS calls.
        </p>
      )}
      {canWrite && !agent ? (
        <div className="flex flex-wrap gap-2">
          <Button busy={createCode.isPending} onClick={() => createCode.mutate({ companyId })}>
            Pair Sage 100
          </Button>
          {status.data.sandboxAvailable ? (
            <Button variant="secondary" busy={sandbox.isPending} onClick={() => sandbox.mutate({ companyId })}>
              Try with a sandbox
            </Button>
          ) : null}
        </div>
      ) : null}
      {canWrite && agent?.sandbox ? (
        <p className="text-xs text-slate-500">
          To connect your real Sage 100, revoke the sandbox agent and pair yours.
        </p>
      ) : null}
      {pairing && !agent ? <PairingInstructions {...pairing} /> : null}
    </div>
  );
}
