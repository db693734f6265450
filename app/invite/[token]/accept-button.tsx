"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function AcceptButton({ token }: { token: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({ onSuccess: ({ orgSlug }) => router.push(`/o/${orgSlug}`) }),
  );
  return (
    <div className="space-y-3">
      <FormError message={formErrors(accept.error).message} />
      <Button className="w-full" busy={accept.isPending || accept.isSuccess} onClick={() => accept.mutate({ token })}>
        Accept invitation
      </Button>
    </div>
  );
}
