"use client";
// One first-connect match a person settles: the KashFlow record, the Sage 100 records it could be, or "Create new".
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { MatchReviewList } from "@/server/services/sync/list-match-reviews";
import { formErrors } from "@/lib/trpc-errors";
import { modelLabel } from "./labels";

type Review = MatchReviewList["reviews"][number];
const CREATE = "CREATE";

export function MatchReviewItem({
  companyId,
  review,
  recordsHref,
  canWrite,
}: {
  companyId: string;
  review: Review;
  recordsHref: string;
  canWrite: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const name = useId();
  const [choice, setChoice] = useState<string | null>(null);
  const resolve = useMutation(
    trpc.sync.resolveMatchReview.mutationOptions({
      onSuccess: (r) => {
        toast.success(
          r.resolution === CREATE
            ? "A new Sage 100 record will be created at the next run."
            : `Matched to Sage 100 ${r.resolution}.`,
        );
        router.refresh();
      },
    }),
  );
  const errors = formErrors(resolve.error);
  const kf = review.kashflow;
  return (
    <li className="py-4" data-testid="sync-match-review">
      <p className="text-sm">
        KashFlow {modelLabel(review.model).toLowerCase()}{" "}
        {kf.id ? (
          <Link href={`${recordsHref}/${kf.id}`} className="font-medium text-indigo-700 hover:underline">
            {kf.name ?? review.kashflowId}
          </Link>
        ) : (
          <span className="font-medium">{kf.name ?? review.kashflowId}</span>
        )}
        <span className="text-slate-500">
          {" "}
          · {[review.kashflowId, ...kf.facts.filter((f) => !f.startsWith("code "))].join(" · ")}
        </span>
      </p>
      <p className="mt-0.5 text-xs text-slate-500">
        could be any of these in Sage 100. Pick the right one, or create a new one:
      </p>
      <fieldset className="mt-2 space-y-1.5" disabled={!canWrite || resolve.isPending}>
        <legend className="sr-only">Sage 100 match for {kf.name ?? review.kashflowId}</legend>
        {review.candidates.map((c) => (
          <label
            key={c.sage100Key}
            className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-50"
          >
            <input
              type="radio"
              name={name}
              value={c.sage100Key}
              checked={choice === c.sage100Key}
              onChange={() => setChoice(c.sage100Key)}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{c.name ?? c.sage100Key}</span>{" "}
              <span className="font-mono text-xs text-slate-600">{c.sage100Key}</span>
              <span className="block text-xs text-slate-500">
                {[c.reason && `matched on ${c.reason}`, ...c.facts].filter(Boolean).join(" · ")}
              </span>
            </span>
          </label>
        ))}
        <label className="flex cursor-pointer items-start gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-slate-50">
          <input
            type="radio"
            name={name}
            value={CREATE}
            checked={choice === CREATE}
            onChange={() => setChoice(CREATE)}
            className="mt-1"
          />
          <span>
            <span className="font-medium">Create new</span>
            <span className="block text-xs text-slate-500">
              None of these: Ledgerlink creates a new Sage 100 record.
            </span>
          </span>
        </label>
      </fieldset>
      {canWrite ? (
        <div className="mt-2 space-y-2">
          <FormError message={errors.message ?? errors.fields.resolution?.[0]} />
          <Button
            className="px-2.5 py-1 text-xs"
            disabled={!choice}
            busy={resolve.isPending}
            onClick={() => choice && resolve.mutate({ companyId, reviewId: review.id, resolution: choice })}
          >
            {choice === CREATE ? "Create new" : "Use this match"}
          </Button>
        </div>
      ) : null}
    </li>
  );
}
