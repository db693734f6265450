"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import type { BillingContext } from "@/components/billing/plan-limit-prompt";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ResumeSyncingButton } from "@/components/setup/resume-syncing-button";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

type Company = {
  id: string;
  name: string;
  baseCurrency: string;
  timezone: string;
  status: "SETTING_UP" | "LIVE" | "PAUSED" | "ARCHIVED";
  pauseReason: string | null;
};

export function CompanySettingsForm({
  company,
  timezones,
  billing,
}: {
  company: Company;
  timezones: string[];
  billing?: BillingContext;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [form, setForm] = useState({
    name: company.name,
    baseCurrency: company.baseCurrency,
    timezone: company.timezone,
  });
  const update = useMutation(
    trpc.company.update.mutationOptions({
      onSuccess: () => {
        toast.success("Company saved");
        router.refresh();
      },
    }),
  );
  const pause = useMutation(
    trpc.company.pause.mutationOptions({
      onSuccess: () => {
        toast.success("Syncing paused");
        router.refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const errors = formErrors(update.error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <form
      noValidate
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ companyId: company.id, ...form });
      }}
    >
      <FormError message={errors.message} />
      <Field label="Company name" htmlFor="settings-name" error={errors.fields.name}>
        <Input id="settings-name" value={form.name} onChange={set("name")} invalid={Boolean(errors.fields.name)} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Base currency" htmlFor="settings-currency" error={errors.fields.baseCurrency}>
          <Input
            id="settings-currency"
            value={form.baseCurrency}
            onChange={set("baseCurrency")}
            maxLength={3}
            invalid={Boolean(errors.fields.baseCurrency)}
          />
        </Field>
        <Field label="Time zone" htmlFor="settings-timezone" error={errors.fields.timezone}>
          <Select id="settings-timezone" value={form.timezone} onChange={set("timezone")}>
            {timezones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className="flex flex-wrap items-start gap-3">
        <Button type="submit" busy={update.isPending}>
          Save
        </Button>
        {company.status === "PAUSED" && company.pauseReason !== "BILLING" ? (
          <ResumeSyncingButton companyId={company.id} billing={billing} />
        ) : company.status === "LIVE" ? (
          <Button
            type="button"
            variant="secondary"
            busy={pause.isPending}
            onClick={() => pause.mutate({ companyId: company.id })}
          >
            Pause syncing
          </Button>
        ) : null}
      </div>
    </form>
  );
}
