"use client";
// Entering one exchange rate (units of the second currency per 1 of the first, on a day). Opened prefilled from a
// held document's "Enter the rate" link; tells the person how many held documents the rate released.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

export const releasedDocsText = (released: number) =>
  released === 0
    ? "No held documents were waiting for it."
    : `${released.toLocaleString("en-GB")} held ${released === 1 ? "document was" : "documents were"} released and will go at the next run.`;

export function FxRateForm({
  companyId,
  prefill,
  homeCurrency,
}: {
  companyId: string;
  prefill: { from?: string; to?: string; day?: string };
  homeCurrency: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [from, setFrom] = useState(prefill.from ?? homeCurrency);
  const [to, setTo] = useState(prefill.to ?? "USD");
  const [day, setDay] = useState(prefill.day ?? new Date().toISOString().slice(0, 10));
  const [rate, setRate] = useState("");
  const [last, setLast] = useState<string | null>(null);
  const add = useMutation(
    trpc.fx.add.mutationOptions({
      onSuccess: (r) => {
        const message = `${r.rate.fromCurrency}→${r.rate.toCurrency} ${r.rate.rate} on ${r.rate.day} saved. ${releasedDocsText(r.released)}`;
        toast.success(message);
        setLast(message);
        setRate("");
        router.refresh();
      },
    }),
  );
  const errors = formErrors(add.error);
  const err = (k: string) => errors.fields[k];
  return (
    <form
      noValidate
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate({ companyId, fromCurrency: from, toCurrency: to, day, rate });
      }}
      data-testid="fx-rate-form"
    >
      {last ? (
        <p
          role="status"
          className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
          data-testid="fx-saved"
        >
          {last}
        </p>
      ) : null}
      <FormError message={errors.message} />
      <div className="grid gap-3 sm:grid-cols-4">
        <Field label="From" htmlFor="fx-from" error={err("fromCurrency")} hint="e.g. GBP">
          <Input
            id="fx-from"
            value={from}
            maxLength={3}
            invalid={Boolean(err("fromCurrency"))}
            onChange={(e) => setFrom(e.target.value.toUpperCase())}
          />
        </Field>
        <Field label="To" htmlFor="fx-to" error={err("toCurrency")} hint="e.g. USD">
          <Input
            id="fx-to"
            value={to}
            maxLength={3}
            invalid={Boolean(err("toCurrency"))}
            onChange={(e) => setTo(e.target.value.toUpperCase())}
          />
        </Field>
        <Field label="Day" htmlFor="fx-day" error={err("day")}>
          <Input
            id="fx-day"
            type="date"
            value={day}
            invalid={Boolean(err("day"))}
            onChange={(e) => setDay(e.target.value)}
          />
        </Field>
        <Field label="Rate" htmlFor="fx-rate" error={err("rate")} hint={`${to || "…"} per 1 ${from || "…"}`}>
          <Input
            id="fx-rate"
            inputMode="decimal"
            value={rate}
            invalid={Boolean(err("rate"))}
            onChange={(e) => setRate(e.target.value)}
            autoFocus={Boolean(prefill.day)}
          />
        </Field>
      </div>
      <Button type="submit" busy={add.isPending}>
        Save rate
      </Button>
    </form>
  );
}
