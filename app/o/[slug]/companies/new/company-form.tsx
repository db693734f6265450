"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

const CURRENCIES = ["GBP", "USD", "EUR", "CAD"];

export function CompanyForm({ orgId, orgSlug, timezones }: { orgId: string; orgSlug: string; timezones: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({ name: "", baseCurrency: "GBP", timezone: "Europe/London" });
  const create = useMutation(
    trpc.company.create.mutationOptions({
      onSuccess: (company) => {
        toast.success(`${company.name} created`);
        router.push(`/o/${orgSlug}/companies/${company.id}`);
        router.refresh();
      },
    }),
  );
  const errors = formErrors(create.error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <form
      noValidate
      className="max-w-lg space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ orgId, ...form });
      }}
    >
      <FormError message={errors.message} />
      <Field label="Company name" htmlFor="company-name" error={errors.fields.name}>
        <Input
          id="company-name"
          value={form.name}
          onChange={set("name")}
          invalid={Boolean(errors.fields.name)}
          placeholder="Acme UK"
          autoFocus
        />
      </Field>
      <Field
        label="Base currency"
        htmlFor="company-currency"
        error={errors.fields.baseCurrency}
        hint="The currency of the KashFlow books. Sage 100 amounts are converted from it."
      >
        <Input
          id="company-currency"
          list="currencies"
          value={form.baseCurrency}
          onChange={set("baseCurrency")}
          invalid={Boolean(errors.fields.baseCurrency)}
          maxLength={3}
        />
        <datalist id="currencies">
          {CURRENCIES.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </Field>
      <Field
        label="Time zone"
        htmlFor="company-timezone"
        error={errors.fields.timezone}
        hint="Daily summaries and schedules follow this time zone."
      >
        <Select
          id="company-timezone"
          value={form.timezone}
          onChange={set("timezone")}
          invalid={Boolean(errors.fields.timezone)}
        >
          {timezones.map((tz) => (
            <option key={tz} value={tz}>
              {tz}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex gap-3">
        <Button type="submit" busy={create.isPending}>
          Create company
        </Button>
        <Button type="button" variant="secondary" onClick={() => router.back()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
