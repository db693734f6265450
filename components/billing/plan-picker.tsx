"use client";
// The plans an owner can choose, monthly or yearly, each priced per pair from Stripe; choosing one opens Stripe
// Checkout (the browser leaves for Stripe's page and comes back to the billing page).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { BillingInterval, PlanId, PlanOffer } from "@/server/services/billing/contract";
import { offerLimits, offerPrice } from "./billing-words";

export function PlanPicker({
  orgId,
  offers,
  current,
}: {
  orgId: string;
  offers: PlanOffer[];
  current: { plan: PlanId | null; interval: BillingInterval | null };
}) {
  const trpc = useTRPC();
  const [interval, setInterval] = useState<BillingInterval>(current.interval ?? "month");
  const [chosen, setChosen] = useState<PlanId | null>(null);
  const [error, setError] = useState<string | null>(null);
  const checkout = useMutation(
    trpc.billing.startCheckout.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
      onError: (e) => {
        setError(e.message);
        setChosen(null);
      },
    }),
  );
  const shown = offers.filter((o) => o.interval === interval);
  const hasYearly = offers.some((o) => o.interval === "year");
  return (
    <div className="space-y-4" data-testid="plan-picker">
      <FormError message={error} />
      {hasYearly ? (
        <fieldset className="inline-flex rounded-md bg-slate-100 p-1" data-testid="plan-interval">
          <legend className="sr-only">Billing interval</legend>
          {(["month", "year"] as const).map((i) => (
            <label
              key={i}
              className={`cursor-pointer rounded px-3 py-1.5 text-sm font-medium focus-within:ring-2 focus-within:ring-indigo-500 ${interval === i ? "bg-white text-slate-900 shadow-sm" : "text-slate-600"}`}
            >
              <input
                type="radio"
                name="plan-interval"
                value={i}
                checked={interval === i}
                onChange={() => setInterval(i)}
                className="sr-only"
              />
              {i === "month" ? "Monthly" : "Yearly"}
            </label>
          ))}
        </fieldset>
      ) : null}
      <ul className="grid grid-cols-1 gap-4 md:grid-cols-3" aria-label="Plans">
        {shown.map((o) => {
          const isCurrent = current.plan === o.plan && current.interval === o.interval;
          return (
            <li
              key={o.lookupKey}
              className={`flex flex-col gap-3 rounded-lg p-4 ring-1 ${isCurrent ? "bg-indigo-50 ring-indigo-300" : "bg-white ring-slate-200"}`}
              data-testid="plan-offer"
              data-plan={o.plan}
              data-interval={o.interval}
            >
              <div>
                <h3 className="font-semibold text-slate-900">{o.name}</h3>
                <p className="mt-1 text-sm text-slate-600">{o.description}</p>
              </div>
              <p className="text-sm">
                <span className="font-semibold text-slate-900" data-testid="plan-price">
                  {offerPrice(o)}
                </span>
                <span className="block text-slate-500">{offerLimits(o)} · no transaction fees</span>
              </p>
              <div className="mt-auto">
                <Button
                  className="w-full"
                  variant={isCurrent ? "secondary" : "primary"}
                  disabled={!o.unitAmount || isCurrent || (checkout.isPending && chosen !== o.plan)}
                  busy={checkout.isPending && chosen === o.plan}
                  onClick={() => {
                    setError(null);
                    setChosen(o.plan);
                    checkout.mutate({ orgId, plan: o.plan, interval: o.interval });
                  }}
                  aria-label={`Choose ${o.name}, ${o.interval === "year" ? "yearly" : "monthly"}`}
                >
                  {isCurrent ? "Your plan" : `Choose ${o.name}`}
                </Button>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
