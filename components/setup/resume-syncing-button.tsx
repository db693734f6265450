"use client";
// Resume syncing (after a person's or period-end pause): when the plan no longer covers the company, it asks to fix
// billing, upgrade or add a pair first (the same prompt as Start syncing). Billing's own pauses end when billing does.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { type BillingContext, PlanLimitPrompt } from "@/components/billing/plan-limit-prompt";
import { usePlanLimit } from "@/components/billing/use-plan-limit";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";

export function ResumeSyncingButton({ companyId, billing }: { companyId: string; billing?: BillingContext }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { limit, setLimit, promptAfterRefusal, uncovered } = usePlanLimit(companyId, billing);
  const [error, setError] = useState<string | null>(null);
  const resume = useMutation(
    trpc.company.resume.mutationOptions({
      onSuccess: () => {
        toast.success("Syncing resumed");
        setLimit(null);
        router.refresh();
      },
      onError: async (e) => {
        if (!(await promptAfterRefusal(e))) setError(e.message);
      },
    }),
  );
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
