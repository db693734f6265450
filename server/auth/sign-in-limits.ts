// How often sign-in links are mailed: per address (nobody's inbox is flooded, few live links) and per client (one
// client cannot mail the world). Shared by every instance through RateBucket rows; the email is kept only as a hash.
import { env } from "@/lib/env";
import { hashToken } from "@/lib/tokens";
import { type RequestLimit, sharedTokenBucket } from "@/server/services/rate-buckets/shared-token-bucket";

export const SIGN_IN_LIMITED_MESSAGE = "We've just sent you a link — check your inbox, or try again in a few minutes.";

type SignInLimits = { perEmail: RequestLimit; perAddress: RequestLimit; settings: string };
const globalLimits = globalThis as unknown as { ledgerlinkSignInLimits?: SignInLimits };

function limits(): SignInLimits {
  const e = env();
  // Three links at once, then one every 5 minutes; an address (an office) 30 at once, then one every 20 s.
  const perEmail = [e.SIGN_IN_EMAIL_BURST ?? 3, e.SIGN_IN_EMAIL_INTERVAL_SECONDS ?? 300] as const;
  const perAddress = [e.SIGN_IN_ADDRESS_BURST ?? 30, e.SIGN_IN_ADDRESS_INTERVAL_SECONDS ?? 20] as const;
  const settings = [...perEmail, ...perAddress].join(",");
  if (globalLimits.ledgerlinkSignInLimits?.settings !== settings)
    globalLimits.ledgerlinkSignInLimits = {
      perEmail: sharedTokenBucket("sign-in-email", perEmail[0], 1 / perEmail[1]),
      perAddress: sharedTokenBucket("sign-in-address", perAddress[0], 1 / perAddress[1]),
      settings,
    };
  return globalLimits.ledgerlinkSignInLimits;
}

/** Takes a turn to mail a sign-in link to `email` for a client at `clientAddress`; false when either is spent. */
export async function takeSignInTurn(input: { email: string; clientAddress: string }): Promise<boolean> {
  const { perEmail, perAddress } = limits();
  if ((await perAddress.take(input.clientAddress)) > 0) return false;
  return (await perEmail.take(hashToken(input.email.trim().toLowerCase()))) === 0;
}
