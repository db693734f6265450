"use client";
// "I have reviewed these settings": a line of the set-up checklist, since some are fixed once invoices are in Sage 100.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function SettingsReviewed({
  companyId,
  reviewedLabel,
  canWrite,
}: {
  companyId: string;
  reviewedLabel: string | null;
  canWrite: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const review = useMutation(
    trpc.setup.reviewSettings.mutationOptions({
      onSuccess: () => {
        toast.success("Marked as reviewed.");
        router.refresh();
      },
    }),
  );
  return (
    <div
      id="settings-reviewed"
      className="scroll-mt-6 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200"
      data-testid="settings-reviewed"
    >
      <FormError message={formErrors(review.error).message} />
      {reviewedLabel ? (
        <p className="text-sm text-slate-700">Reviewed {reviewedLabel}.</p>
      ) : (
        <p className="text-sm text-slate-700">
          Read these settings before syncing starts: the invoice mode, number prefix and Sage 100 currency are fixed
          once invoices are in Sage 100.
        </p>
      )}
      {canWrite ? (
        <Button
          variant={reviewedLabel ? "secondary" : "primary"}
          className="mt-3"
          busy={review.isPending}
          onClick={() => review.mutate({ companyId })}
          data-testid="settings-reviewed-button"
        >
          {reviewedLabel ? "Reviewed again" : "I have reviewed these settings"}
        </Button>
      ) : null}
    </div>
  );
}
