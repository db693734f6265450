// KashFlow sends the user back here after they approve Ledgerlink: check the state, exchange the code, go home.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { currentUserId } from "@/server/auth";
import { completeKashflowOAuth, OAuthCallbackError } from "@/server/services/kashflow/oauth-connect";

export const dynamic = "force-dynamic";

export async function GET(req: NextRequest) {
  const base = env().APP_URL;
  const userId = await currentUserId();
  if (!userId)
    return NextResponse.redirect(
      new URL(`/sign-in?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`, base),
    );
  const params = req.nextUrl.searchParams;
  try {
    const { orgSlug, companyId } = await completeKashflowOAuth({
      userId,
      state: params.get("state"),
      code: params.get("code"),
      error: params.get("error"),
    });
    return NextResponse.redirect(new URL(`/o/${orgSlug}/companies/${companyId}?kashflow=connected`, base));
  } catch (error) {
    if (!(error instanceof OAuthCallbackError)) throw error;
    const target = error.company ? `/o/${error.company.orgSlug}/companies/${error.company.companyId}` : "/orgs";
    return NextResponse.redirect(new URL(`${target}?kashflow=${error.failure}`, base));
  }
}
