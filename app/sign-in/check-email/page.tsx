import type { Metadata } from "next";
import Link from "next/link";
import { AuthFrame } from "@/components/auth-frame";
import { isDevTools } from "@/lib/env";
import { MAGIC_LINK_MAX_AGE_SECONDS } from "@/server/auth/email-provider";

export const metadata: Metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <AuthFrame title="Check your email">
      <div className="space-y-4 text-sm text-slate-700">
        <p>We sent you a sign-in link. It works once and expires in {MAGIC_LINK_MAX_AGE_SECONDS / 60} minutes.</p>
        <p>
          Wrong address or no email?{" "}
          <Link href="/sign-in" className="font-medium text-indigo-700 underline">
            Request a new link
          </Link>
          .
        </p>
        {isDevTools() ? (
          <p className="rounded-md bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
            Running locally: the email is in the{" "}
            <Link href="/dev/outbox" className="font-medium underline">
              dev outbox
            </Link>
            .
          </p>
        ) : null}
      </div>
    </AuthFrame>
  );
}
