"use client";
// Sage 100's lists on the mappings page: what Ledgerlink last read (and when), "Refresh from Sage 100" for roles that
// may change mappings, and one automatic refresh when there is no copy yet and the agent is online. The page never
// waits for it: the read runs after render and the forms pick its values up when it lands.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { timeAgo } from "@/lib/relative-time";
import { formErrors } from "@/lib/trpc-errors";
import { refreshSummary } from "@/server/integrations/sage100/reference-lists/labels";

const AGENT_HINT: Record<string, string | null> = {
  online: null,
  offline: "The Sage 100 agent is offline, so the lists cannot be read now.",
  paused: "The Sage 100 agent is paused, so the lists cannot be read now.",
  none: "No Sage 100 agent is paired yet, so the lists cannot be read.",
};

export function SageListsPanel({
  companyId,
  canWrite,
  agent,
  copy,
  autoRefresh,
}: {
  companyId: string;
  canWrite: boolean;
  agent: "online" | "offline" | "paused" | "none";
  /** "19 G/L accounts, 2 tax classes and 2 bank codes, read 5 minutes ago", or null when never read. */
  copy: string | null;
  autoRefresh: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [done, setDone] = useState<string | null>(null);
  const refresh = useMutation(
    trpc.mappings.refreshSageLists.mutationOptions({
      onSuccess: (r) => {
        setDone(refreshSummary(r.lists, timeAgo(r.fetchedAt)));
        void queryClient.invalidateQueries({ queryKey: trpc.mappings.choices.pathKey() });
        router.refresh();
      },
    }),
  );
  // Once per page view (React may run effects twice in development).
  const started = useRef(false);
  useEffect(() => {
    if (!autoRefresh || started.current) return;
    started.current = true;
    refresh.mutate({ companyId });
  }, [autoRefresh, companyId, refresh]);

  const error = refresh.error ? formErrors(refresh.error).message : null;
  return (
    <div
      className="mb-6 flex flex-wrap items-start justify-between gap-3 rounded-md bg-white px-4 py-3 text-sm shadow-sm ring-1 ring-slate-200"
      data-testid="sage-lists"
    >
      <div className="space-y-1">
        <p className="text-slate-700" data-testid="sage-lists-copy">
          {copy ? (
            <>Sage 100&apos;s lists: {copy}.</>
          ) : (
            <>
              Sage 100&apos;s accounts, tax classes and bank codes have not been read yet
              {canWrite ? "" : ": someone who may change mappings can read them"}.
            </>
          )}
        </p>
        {AGENT_HINT[agent] && !refresh.isPending ? <p className="text-slate-500">{AGENT_HINT[agent]}</p> : null}
        {refresh.isPending ? (
          <p role="status" className="text-slate-600">
            Reading Sage 100&apos;s lists through the agent…
          </p>
        ) : null}
        {done && !refresh.isPending ? (
          <p role="status" className="text-emerald-700" data-testid="sage-lists-done">
            {done}
          </p>
        ) : null}
        {error && !refresh.isPending ? (
          <p role="alert" className="text-red-700" data-testid="sage-lists-error">
            {error}
          </p>
        ) : null}
      </div>
      {canWrite ? (
        <Button
          variant="secondary"
          className="px-3 py-1.5"
          busy={refresh.isPending}
          onClick={() => {
            setDone(null);
            refresh.mutate({ companyId });
          }}
        >
          Refresh from Sage 100
        </Button>
      ) : null}
    </div>
  );
}
