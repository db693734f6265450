"use client";
// "Retry" on one record. A held record is held again unless its cause is fixed: the person is told before and after.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { formErrors } from "@/lib/trpc-errors";

export function RetryRecordButton({
  companyId,
  recordId,
  held,
  reason,
}: {
  companyId: string;
  recordId: string;
  held: boolean;
  reason: string | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const retry = useMutation(
    trpc.sync.retryRecord.mutationOptions({
      onSuccess: (r) => {
        if (r.wasHeld) toast.warning(r.message, { duration: 12_000 });
        else toast.success(r.message);
        router.refresh();
      },
      onError: (error) => toast.error(formErrors(error).message ?? "That did not work."),
    }),
  );
  const onClick = () => {
    if (
      held &&
      !window.confirm(
        `This record was held${reason ? ` because: ${reason}` : ""}\n\nUnless that has been fixed, it will be held again. Retry anyway?`,
      )
    )
      return;
    retry.mutate({ companyId, recordId });
  };
  return (
    <Button busy={retry.isPending} onClick={onClick}>
      Retry
    </Button>
  );
}
