"use client";
// Back from Stripe Checkout. Stripe's webhook may arrive a moment after the person does, so after a payment the page
// refreshes itself for a short while until the plan shows active.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

const EVERY_MS = 2_000;
const TRIES = 30;

export function CheckoutReturnNotice({ outcome, active }: { outcome: "success" | "cancelled"; active: boolean }) {
  const router = useRouter();
  const [tries, setTries] = useState(0);
  const waiting = outcome === "success" && !active && tries < TRIES;
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      setTries((t) => t + 1);
      router.refresh();
    }, EVERY_MS);
    return () => clearTimeout(timer);
  }, [waiting, router]);
  const [tone, text] =
    outcome === "cancelled"
      ? [
          "bg-slate-100 text-slate-800 ring-slate-200",
          "Checkout was cancelled: nothing was charged and your plan is unchanged.",
        ]
      : active
        ? ["bg-emerald-50 text-emerald-800 ring-emerald-200", "Thank you: your plan is active."]
        : waiting
          ? [
              "bg-indigo-50 text-indigo-900 ring-indigo-200",
              "Thank you: your plan is being confirmed. This page updates by itself.",
            ]
          : [
              "bg-amber-50 text-amber-900 ring-amber-200",
              "Stripe has not confirmed the plan yet. Reload this page in a minute; if it still does not show, open Manage billing.",
            ];
  return (
    <p
      role="status"
      className={`mb-6 rounded-md px-4 py-3 text-sm ring-1 ${tone}`}
      data-testid="checkout-notice"
      data-outcome={outcome}
      data-confirmed={outcome === "success" ? String(active) : undefined}
    >
      {text}
    </p>
  );
}
