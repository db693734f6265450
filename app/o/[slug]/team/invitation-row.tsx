"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/card";
import { formErrors } from "@/lib/trpc-errors";

type Invitation = { id: string; email: string; roleLabel: string; expiresAt: Date; expired: boolean };

export function InvitationRow({
  orgId,
  invitation,
  canManage,
}: {
  orgId: string;
  invitation: Invitation;
  canManage: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const onError = (error: unknown) => toast.error(formErrors(error).message ?? "That did not work.");
  const resend = useMutation(
    trpc.team.resendInvitation.mutationOptions({
      onSuccess: () => {
        toast.success(`Invitation sent again to ${invitation.email}`);
        router.refresh();
      },
      onError,
    }),
  );
  const revoke = useMutation(
    trpc.team.revokeInvitation.mutationOptions({
      onSuccess: () => {
        toast.success("Invitation withdrawn");
        router.refresh();
      },
      onError,
    }),
  );
  return (
    <tr data-testid={`invitation-${invitation.email}`}>
      <td className="py-3 pr-4 font-medium">{invitation.email}</td>
      <td className="py-3 pr-4 text-sm">{invitation.roleLabel}</td>
      <td className="py-3 pr-4 text-sm">
        {invitation.expired ? (
          <Badge tone="red">Expired</Badge>
        ) : (
          <span className="text-slate-500">Expires {invitation.expiresAt.toLocaleDateString("en-GB")}</span>
        )}
      </td>
      <td className="space-x-2 py-3 text-right">
        {canManage ? (
          <>
            <Button
              variant="secondary"
              busy={resend.isPending}
              onClick={() => resend.mutate({ orgId, invitationId: invitation.id })}
            >
              Resend
            </Button>
            <Button
              variant="danger"
              busy={revoke.isPending}
              onClick={() => revoke.mutate({ orgId, invitationId: invitation.id })}
            >
              Withdraw
            </Button>
          </>
        ) : null}
      </td>
    </tr>
  );
}
