"use client";
// "Manage billing": Stripe's Customer Portal, where an owner changes plan or pairs, the card, sees invoices, or cancels.
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";

export function ManageBillingButton({ orgId, label = "Manage billing" }: { orgId: string; label?: string }) {
  const trpc = useTRPC();
  const portal = useMutation(
    trpc.billing.openPortal.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }),
  );
  return (
    <div className="space-y-2">
      <FormError message={portal.error?.message} />
      <Button
        variant="secondary"
        busy={portal.isPending || portal.isSuccess}
        onClick={() => portal.mutate({ orgId })}
        data-testid="manage-billing"
      >
        {label}
      </Button>
    </div>
  );
}
