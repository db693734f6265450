"use client";
// Start syncing and Resume share this: when the server refuses a pair the plan does not cover (PlanLimitReached), ask
// again what is true now (another company may have gone live since the page loaded) and hold the answer for the prompt.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { BillingContext } from "@/components/billing/plan-limit-prompt";
import { useTRPC } from "@/components/providers/trpc-provider";
import { errorReason } from "@/lib/trpc-errors";
import type { PairCheck } from "@/server/services/billing/contract";
import { PLAN_LIMIT_REASON } from "@/server/services/billing/reasons";

export function usePlanLimit(companyId: string, billing: BillingContext | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [limit, setLimit] = useState<PairCheck | null>(null);
  /** True when the refusal was the plan's and the prompt now shows; false when the caller shows the error itself. */
  const promptAfterRefusal = async (error: unknown): Promise<boolean> => {
    if (errorReason(error) !== PLAN_LIMIT_REASON || !billing) return false;
    const check = await queryClient
      .fetchQuery(trpc.billing.pairCheck.queryOptions({ companyId }, { staleTime: 0 }))
      .catch(() => null);
    if (!check || check.covered) return false;
    setLimit(check);
    return true;
  };
  /** What the page already knows: the plan does not cover this pair (the prompt opens instead of the action). */
  const uncovered = billing?.check && !billing.check.covered ? billing.check : null;
  return { limit, setLimit, promptAfterRefusal, uncovered };
}
