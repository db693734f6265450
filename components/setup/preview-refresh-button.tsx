"use client";
// Runs the first-sync preview (again): it queues a job; the page follows its progress.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function PreviewRefreshButton({
  companyId,
  label,
  disabled,
}: {
  companyId: string;
  label: string;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const request = useMutation(
    trpc.setup.requestPreview.mutationOptions({
      onSuccess: () => {
        setError(null);
        toast.success("Preview started: this page follows it.");
        router.refresh();
      },
      onError: (e) => setError(formErrors(e).message ?? "That did not work."),
    }),
  );
  return (
    <div className="space-y-2">
      <Button
        busy={request.isPending}
        disabled={disabled}
        onClick={() => request.mutate({ companyId })}
        data-testid="preview-refresh"
      >
        {label}
      </Button>
      <FormError message={error} />
    </div>
  );
}
