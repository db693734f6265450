// KashFlow sends the user back here after they approve Ledgerlink: check the state, exchange the code, go home.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { cleanText } from "@/lib/safe-text";
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
  // Query values come from whoever made the link: a NUL byte must not reach a Postgres lookup.
  const param = (name: string) => {
    const value = req.nextUrl.searchParams.get(name);
    return value === null ? null : cleanText(value).text;
  };
  try {
    const { orgSlug, companyId } = await completeKashflowOAuth({
      userId,
      state: param("state"),
      code: param("code"),
      error: param("error"),
    });
    return NextResponse.redirect(new URL(`/o/${orgSlug}/companies/${companyId}?kashflow=connected`, base));
  } catch (error) {
    if (!(error instanceof OAuthCallbackError)) throw error;
    const target = error.company ? `/o/${error.company.orgSlug}/companies/${error.company.companyId}` : "/orgs";
    return NextResponse.redirect(new URL(`${target}?kashflow=${error.failure}`, base));
  }
}
