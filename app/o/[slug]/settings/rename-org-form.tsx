"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function RenameOrgForm({ orgId, name: initial, disabled }: { orgId: string; name: string; disabled: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState(initial);
  const rename = useMutation(
    trpc.org.rename.mutationOptions({
      onSuccess: () => {
        toast.success("Organization renamed");
        router.refresh();
      },
    }),
  );
  const errors = formErrors(rename.error);
  return (
    <form
      noValidate
      className="max-w-lg space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        rename.mutate({ orgId, name });
      }}
    >
      <FormError message={errors.message} />
      <Field
        label="Organization name"
        htmlFor="org-name"
        error={errors.fields.name}
        hint="The web address stays the same."
      >
        <Input
          id="org-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          disabled={disabled}
          invalid={Boolean(errors.fields.name)}
        />
      </Field>
      {disabled ? (
        <p className="text-sm text-slate-500">Only owners and admins can rename the organization.</p>
      ) : (
        <Button type="submit" busy={rename.isPending} disabled={name.trim() === initial}>
          Save
        </Button>
      )}
    </form>
  );
}
