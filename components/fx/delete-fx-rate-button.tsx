"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { formErrors } from "@/lib/trpc-errors";

export function DeleteFxRateButton({
  companyId,
  rate,
}: {
  companyId: string;
  rate: { id: string; from: string; to: string; day: string; rate: string };
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.fx.delete.mutationOptions({
      onSuccess: (r) => {
        toast.success(`The ${r.from}→${r.to} rate for ${r.day} was removed.`);
        router.refresh();
      },
      onError: (error) => toast.error(formErrors(error).message ?? "That did not work."),
    }),
  );
  return (
    <Button
      variant="danger"
      className="px-2.5 py-1 text-xs"
      busy={remove.isPending}
      onClick={() => {
        if (
          window.confirm(
            `Remove the ${rate.from}→${rate.to} rate ${rate.rate} for ${rate.day}? Documents already converted keep the rate stored on them.`,
          )
        )
          remove.mutate({ companyId, fxRateId: rate.id });
      }}
    >
      Remove
    </Button>
  );
}
