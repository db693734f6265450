"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export function KashflowPasswordForm({ companyId, onCancel }: { companyId: string; onCancel: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({ username: "", password: "", memorableWord: "" });
  const connect = useMutation(
    trpc.kashflow.connectWithPassword.mutationOptions({
      onSuccess: ({ accountName }) => {
        toast.success(`Connected to ${accountName}`);
        router.refresh();
      },
    }),
  );
  const errors = formErrors(connect.error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        connect.mutate({ companyId, ...form });
      }}
    >
      <FormError message={errors.message} />
      <Field label="KashFlow username" htmlFor="kf-username" error={errors.fields.username}>
        <Input
          id="kf-username"
          autoComplete="off"
          value={form.username}
          onChange={set("username")}
          invalid={Boolean(errors.fields.username)}
        />
      </Field>
      <Field label="KashFlow password" htmlFor="kf-password" error={errors.fields.password}>
        <Input
          id="kf-password"
          type="password"
          autoComplete="off"
          value={form.password}
          onChange={set("password")}
          invalid={Boolean(errors.fields.password)}
        />
      </Field>
      <Field
        label="Memorable word"
        htmlFor="kf-memorable"
        error={errors.fields.memorableWord}
        hint="The whole word: Ledgerlink answers KashFlow's character questions for you, every time it signs in."
      >
        <Input
          id="kf-memorable"
          type="password"
          autoComplete="off"
          value={form.memorableWord}
          onChange={set("memorableWord")}
          invalid={Boolean(errors.fields.memorableWord)}
        />
      </Field>
      <p className="text-xs text-slate-500">Stored encrypted; never shown again, not even to you.</p>
      <div className="flex gap-3">
        <Button type="submit" busy={connect.isPending}>
          Connect
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
