"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { formErrors } from "@/lib/trpc-errors";

/** "Sync now" for the company (every flow not paused) or for one flow. */
export function SyncNowButton({
  companyId,
  flow,
  label = "Sync now",
  variant = "primary",
  small,
  disabled,
}: {
  companyId: string;
  flow?: string;
  label?: string;
  variant?: "primary" | "secondary";
  small?: boolean;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const sync = useMutation(
    trpc.sync.requestSync.mutationOptions({
      onSuccess: ({ requested }) => {
        toast.success(
          requested.length === 1
            ? "Sync requested: it starts within a few seconds."
            : `Sync requested for ${requested.length} flows: they start within a few seconds.`,
        );
        router.refresh();
      },
      onError: (error) => toast.error(formErrors(error).message ?? "That did not work."),
    }),
  );
  return (
    <Button
      variant={variant}
      className={small ? "px-2.5 py-1 text-xs" : ""}
      busy={sync.isPending}
      disabled={disabled}
      onClick={() => sync.mutate({ companyId, flow })}
    >
      {label}
    </Button>
  );
}
