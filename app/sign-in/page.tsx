import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthFrame, DemoHint } from "@/components/auth-frame";
import { Button } from "@/components/ui/button";
import { isDevTools } from "@/lib/env";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { auth, googleConfigured } from "@/server/auth";
import { SIGN_IN_LIMITED_MESSAGE } from "@/server/auth/sign-in-limits";
import { signInWithGoogle } from "./actions";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(params.callbackUrl);
  if ((await auth())?.user) redirect(callbackUrl);
  return (
    <AuthFrame title="Sign in or create your account" footer="New here? The same link creates your account.">
      <div className="space-y-6">
        {params.signedOut ? (
          <p className="rounded-md bg-slate-100 px-3 py-2 text-sm">You have been signed out.</p>
        ) : null}
        <SignInForm
          callbackUrl={callbackUrl}
          defaultEmail={params.email}
          notice={params.notice === "link-sent" ? SIGN_IN_LIMITED_MESSAGE : undefined}
          error={params.error === "EmailSignInError" ? "Enter a valid email address." : undefined}
        />
        {googleConfigured() ? (
          <form action={signInWithGoogle}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <Button variant="secondary" className="w-full">
              Continue with Google
            </Button>
          </form>
        ) : null}
        {isDevTools() ? <DemoHint /> : null}
      </div>
    </AuthFrame>
  );
}
