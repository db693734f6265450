"use client";
// Resume syncing (after a person's or period-end pause): when the plan no longer covers the company, it asks to fix
// billing, upgrade or add a pair first (the same prompt as Start syncing). Billing's own pauses end when billing does.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { type BillingContext, PlanLimitPrompt } from "@/components/billing/plan-limit-prompt";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { errorReason } from "@/lib/trpc-errors";
import { PLAN_LIMIT_REASON, type PairCheck } from "@/server/services/billing/contract";

export function ResumeSyncingButton({ companyId, billing }: { companyId: string; billing?: BillingContext }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [limit, setLimit] = useState<PairCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resume = useMutation(
    trpc.company.resume.mutationOptions({
      onSuccess: () => {
        toast.success("Syncing resumed");
        setLimit(null);
        router.refresh();
      },
      onError: async (e) => {
        if (errorReason(e) === PLAN_LIMIT_REASON && billing) {
          const check = await queryClient
            .fetchQuery(trpc.billing.pairCheck.queryOptions({ companyId }, { staleTime: 0 }))
            .catch(() => null);
          if (check && !check.covered) {
            setLimit(check);
            return;
          }
        }
        setError(e.message);
      },
    }),
  );
  const uncovered = billing?.check && !billing.check.covered ? billing.check : null;
  if (limit && billing) {
    return (
      <PlanLimitPrompt
        billing={billing}
        check={limit}
        busy={resume.isPending}
        addPairLabel="Add a pair and resume"
        onAddPair={() => resume.mutate({ companyId, addPair: true })}
        onClose={() => setLimit(null)}
      />
    );
  }
  return (
    <div className="space-y-2">
      <FormError message={error} />
      <Button
        type="button"
        variant="secondary"
        busy={resume.isPending}
        onClick={() => {
          setError(null);
          if (uncovered) setLimit(uncovered);
          else resume.mutate({ companyId });
        }}
        data-testid="resume-syncing"
      >
        Resume syncing
      </Button>
    </div>
  );
}
