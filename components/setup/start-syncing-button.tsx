"use client";
// Start syncing: the one act that lets Ledgerlink write to both systems. Asks once more before it goes.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function StartSyncingButton({
  companyId,
  ready,
  missing,
}: {
  companyId: string;
  ready: boolean;
  missing: string[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = useMutation(
    trpc.company.startSyncing.mutationOptions({
      onSuccess: () => {
        toast.success("Syncing started: the first run begins within a few seconds.");
        router.refresh();
      },
      onError: (e) => {
        const f = formErrors(e);
        setError(
          f.fields.setup ? `Before syncing starts: ${f.fields.setup.join("; ")}.` : (f.message ?? "That did not work."),
        );
        setConfirming(false);
      },
    }),
  );
  return (
    <div className="space-y-3">
      <FormError message={error} />
      {!ready ? (
        <p className="text-sm text-slate-600" id="start-syncing-missing">
          Still to do: {missing.join("; ")}.
        </p>
      ) : null}
      {confirming ? (
        <div
          className="rounded-md bg-amber-50 p-3 ring-1 ring-amber-200"
          role="alertdialog"
          aria-labelledby="start-syncing-confirm"
        >
          <p id="start-syncing-confirm" className="text-sm text-amber-900">
            Ledgerlink will start writing to KashFlow and Sage 100 as the preview showed. Start now?
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <Button
              busy={start.isPending}
              onClick={() => start.mutate({ companyId })}
              data-testid="start-syncing-confirm"
            >
              Yes, start syncing
            </Button>
            <Button variant="secondary" onClick={() => setConfirming(false)}>
              Not yet
            </Button>
          </div>
        </div>
      ) : (
        <Button
          disabled={!ready}
          aria-describedby={!ready ? "start-syncing-missing" : undefined}
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
          data-testid="start-syncing"
        >
          Start syncing
        </Button>
      )}
    </div>
  );
}
