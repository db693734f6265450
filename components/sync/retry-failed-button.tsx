"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { formErrors } from "@/lib/trpc-errors";
import type { ModelName } from "@/server/domain/model";
import { modelLabel, modelPlural } from "./labels";

/** "Retry all failed" for one model: every failed and dead record of it goes back in the queue. */
export function RetryFailedButton({ companyId, model, count }: { companyId: string; model: ModelName; count: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const retry = useMutation(
    trpc.sync.retryFailed.mutationOptions({
      onSuccess: (r) => {
        toast.success(
          r.count === 0
            ? "Nothing left to retry."
            : `${r.count.toLocaleString("en-GB")} ${(r.count === 1 ? modelLabel(model) : modelPlural(model)).toLowerCase()} queued again.`,
        );
        router.refresh();
      },
      onError: (error) => toast.error(formErrors(error).message ?? "That did not work."),
    }),
  );
  const onClick = () => {
    if (
      window.confirm(
        `Retry all ${count.toLocaleString("en-GB")} failed and dead ${modelPlural(model).toLowerCase()}? Held ones stay held until their cause is fixed.`,
      )
    ) {
      retry.mutate({ companyId, model });
    }
  };
  return (
    <Button variant="secondary" className="px-2.5 py-1 text-xs" busy={retry.isPending} onClick={onClick}>
      Retry all failed
    </Button>
  );
}
