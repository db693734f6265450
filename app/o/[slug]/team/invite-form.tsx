"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

type Role = "OWNER" | "ADMIN" | "ACCOUNTANT" | "VIEWER";

export function InviteForm({
  orgId,
  roles,
}: {
  orgId: string;
  roles: { value: Role; label: string; description: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("ACCOUNTANT");
  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: (inv) => {
        toast.success(`Invitation sent to ${inv.email}`);
        setEmail("");
        router.refresh();
      },
    }),
  );
  const errors = formErrors(invite.error);
  return (
    <form
      noValidate
      className="grid gap-4 md:grid-cols-[1fr_200px_auto] md:items-start"
      onSubmit={(e) => {
        e.preventDefault();
        invite.mutate({ orgId, email, role });
      }}
    >
      <div className="md:col-span-3">
        <FormError message={errors.message} />
      </div>
      <Field label="Email" htmlFor="invite-email" error={errors.fields.email}>
        <Input
          id="invite-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          invalid={Boolean(errors.fields.email)}
          placeholder="colleague@company.com"
        />
      </Field>
      <Field
        label="Role"
        htmlFor="invite-role"
        error={errors.fields.role}
        hint={roles.find((r) => r.value === role)?.description}
      >
        <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" busy={invite.isPending} className="md:mt-7">
        Send invitation
      </Button>
    </form>
  );
}
