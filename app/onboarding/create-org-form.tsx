"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function CreateOrgForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(trpc.org.create.mutationOptions({ onSuccess: (org) => router.push(`/o/${org.slug}`) }));
  const errors = formErrors(create.error);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name });
      }}
    >
      <FormError message={errors.message} />
      <Field
        label="Organization name"
        htmlFor="org-name"
        error={errors.fields.name}
        hint="Your business, or your accounting firm if you manage clients."
      >
        <Input
          id="org-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          invalid={Boolean(errors.fields.name)}
          placeholder="Acme Trading Ltd"
          autoFocus
        />
      </Field>
      <Button type="submit" busy={create.isPending || create.isSuccess} className="w-full">
        Create organization
      </Button>
    </form>
  );
}
