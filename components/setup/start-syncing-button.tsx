"use client";
// Start syncing: the one act that lets Ledgerlink write to both systems. Asks once more before it goes; when the plan
// does not cover one more pair it asks to upgrade (or to add a pair) instead.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { type BillingContext, PlanLimitPrompt } from "@/components/billing/plan-limit-prompt";
import { usePlanLimit } from "@/components/billing/use-plan-limit";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function StartSyncingButton({
  companyId,
  ready,
  missing,
  billing,
}: {
  companyId: string;
  ready: boolean;
  missing: string[];
  billing?: BillingContext;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const { limit, setLimit, promptAfterRefusal, uncovered } = usePlanLimit(companyId, billing);
  const [error, setError] = useState<string | null>(null);
  const start = useMutation(
    trpc.company.startSyncing.mutationOptions({
      onSuccess: () => {
        toast.success("Syncing started: the first run begins within a few seconds.");
        setLimit(null);
        router.refresh();
      },
      onError: async (e) => {
        setConfirming(false);
        if (await promptAfterRefusal(e)) return;
        const f = formErrors(e);
        setError(
          f.fields.setup ? `Before syncing starts: ${f.fields.setup.join("; ")}.` : (f.message ?? "That did not work."),
        );
      },
    }),
  );
  return (
    <div className="space-y-3">
      <FormError message={error} />
      {!ready ? (
        <p className="text-sm text-slate-600" id="start-syncing-missing">
          Still to do: {missing.join("; ")}.
        </p>
      ) : null}
      {uncovered && !limit ? (
        // Said before it is pressed, so nobody finishes the set-up to learn it only then.
        <p className="text-sm text-amber-900" data-testid="start-syncing-plan-note">
          {uncovered.message}
        </p>
      ) : null}
      {limit && billing ? (
        <PlanLimitPrompt
          billing={billing}
          check={limit}
          busy={start.isPending}
          addPairLabel="Add a pair and start syncing"
          onAddPair={() => start.mutate({ companyId, addPair: true })}
          onClose={() => setLimit(null)}
        />
      ) : confirming ? (
        <div
          className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-200"
          role="alertdialog"
          aria-labelledby="start-syncing-confirm"
        >
          <p id="start-syncing-confirm" className="text-sm text-amber-900">
            Ledgerlink will start writing to KashFlow and Sage 100 as the preview showed. Start now?
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button
              busy={start.isPending}
              onClick={() => start.mutate({ companyId })}
              data-testid="start-syncing-confirm"
            >
              Yes, start syncing
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Not yet
            </Button>
          </div>
        </div>
      ) : (
        <Button
          disabled={!ready}
          aria-describedby={!ready ? "start-syncing-missing" : undefined}
          onClick={() => {
            setError(null);
            if (uncovered) setLimit(uncovered);
            else setConfirming(true);
          }}
          data-testid="start-syncing"
        >
          Start syncing
        </Button>
      )}
    </div>
  );
}
