import type { Metadata } from "next";
import Link from "next/link";
import { AuthFrame } from "@/components/auth-frame";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Sign-in problem" };

const MESSAGES: Record<string, { title: string; body: string }> = {
  Verification: {
    title: "This sign-in link no longer works",
    body: "Sign-in links work once and expire after an hour. This one has expired or was already used. Request a new link and use the newest email.",
  },
  AccessDenied: { title: "Access denied", body: "This account may not sign in. Contact your organization's owner." },
  OAuthAccountNotLinked: {
    title: "Use the sign-in method you used before",
    body: "This email is linked to another sign-in method. Sign in with an email link, then connect Google.",
  },
  Configuration: {
    title: "Sign-in is not available",
    body: "Sign-in is misconfigured on the server. Please try again later.",
  },
};

export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const message = MESSAGES[error ?? ""] ?? {
    title: "Sign-in did not complete",
    body: "Something interrupted sign-in. Please request a new link.",
  };
  return (
    <AuthFrame title={message.title}>
      <p className="mb-6 text-sm text-slate-700" data-testid="auth-error">
        {message.body}
      </p>
      <Link href="/sign-in" className={buttonClass("primary")}>
        Request a new sign-in link
      </Link>
    </AuthFrame>
  );
}
