// The KashFlow request budget every app instance takes from (one RateBucket row per account), injected into each
// client by kashflowClientForCompany: N instances together send what one account may receive, never N times it.
import type { RequestBudget } from "@/server/integrations/kashflow";
import { pauseBucket, takeFromBucket } from "@/server/services/rate-buckets/postgres-bucket";

const keyOf = (accountKey: string) => `kashflow|${accountKey}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const sharedRequestBudget: RequestBudget = {
  async take(accountKey, rule) {
    const grant = await takeFromBucket(keyOf(accountKey), rule);
    if (!grant.ok) return grant;
    // The turn is reserved for us: waiting it out here keeps every instance's requests in one order.
    if (grant.waitMs > 0) await sleep(grant.waitMs);
    return { ok: true };
  },
  pause: (accountKey, ms) => pauseBucket(keyOf(accountKey), ms),
};
