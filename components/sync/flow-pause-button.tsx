"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { formErrors } from "@/lib/trpc-errors";

export function FlowPauseButton({
  companyId,
  flow,
  label,
  paused,
}: {
  companyId: string;
  flow: string;
  label: string;
  paused: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const toggle = useMutation(
    trpc.sync.setFlowPaused.mutationOptions({
      onSuccess: (r) => {
        toast.success(r.paused ? `${label} paused. A run in progress finishes first.` : `${label} resumed.`);
        router.refresh();
      },
      onError: (error) => toast.error(formErrors(error).message ?? "That did not work."),
    }),
  );
  return (
    <Button
      variant="secondary"
      className="px-2.5 py-1 text-xs"
      busy={toggle.isPending}
      onClick={() => toggle.mutate({ companyId, flow, paused: !paused })}
    >
      {paused ? "Resume" : "Pause"}
    </Button>
  );
}
