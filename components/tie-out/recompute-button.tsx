"use client";
// Recomputing a day's tie-out now; optionally asking Sage 100 itself about every document (through the agent)
// instead of trusting the ledger's figures.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { formErrors } from "@/lib/trpc-errors";

export function RecomputeTieOutButton({ companyId, day }: { companyId: string; day: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [askSage100, setAskSage100] = useState(false);
  const recompute = useMutation(
    trpc.tieOut.recompute.mutationOptions({
      onSuccess: (r) => {
        const what =
          r.documents === 0
            ? `No documents are dated ${r.day}.`
            : r.varianceCount === 0
              ? `${r.day} ties out (${r.documents} documents).`
              : `${r.day}: ${r.varianceCount} of ${r.documents} documents differ.`;
        toast.success(what);
        router.refresh();
      },
      onError: (error) => toast.error(formErrors(error).message ?? "That did not work."),
    }),
  );
  return (
    <div className="flex flex-wrap items-center gap-3">
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={askSage100} onChange={(e) => setAskSage100(e.target.checked)} />
        Ask Sage 100 about every document
      </label>
      <Button
        variant="secondary"
        busy={recompute.isPending}
        onClick={() => recompute.mutate({ companyId, day, askSage100 })}
      >
        Recompute
      </Button>
    </div>
  );
}
