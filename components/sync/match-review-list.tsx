import type { MatchReviewList as Reviews } from "@/server/services/sync/list-match-reviews";
import { formatCount } from "./format";
import { MatchReviewItem } from "./match-review-item";

export function MatchReviewList({
  companyId,
  reviews,
  recordsHref,
  canWrite,
}: {
  companyId: string;
  reviews: Reviews;
  recordsHref: string;
  canWrite: boolean;
}) {
  if (reviews.total === 0)
    return (
      <p className="text-sm text-slate-600">
        Nothing to review. When a KashFlow record could match more than one Sage 100 record, it waits here instead of
        creating a duplicate.
      </p>
    );
  return (
    <>
      <ul className="-my-4 divide-y divide-slate-100" data-testid="sync-match-reviews">
        {reviews.reviews.map((r) => (
          <MatchReviewItem key={r.id} companyId={companyId} review={r} recordsHref={recordsHref} canWrite={canWrite} />
        ))}
      </ul>
      {reviews.total > reviews.reviews.length ? (
        <p className="mt-4 text-xs text-slate-500">
          Showing the oldest {reviews.reviews.length} of {formatCount(reviews.total)}. Settle these to see more.
        </p>
      ) : null}
    </>
  );
}
