import type { Metadata } from "next";
import Link from "next/link";
import { AuthFrame } from "@/components/auth-frame";
import { buttonClass } from "@/components/ui/button";
import { orNotFound, serverCaller } from "@/server/api/server-caller";
import { requireUser } from "@/server/auth/require-user";
import { signOutAction } from "../../sign-in/actions";
import { AcceptButton } from "./accept-button";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  await requireUser(`/invite/${token}`);
  const invite = await orNotFound((await serverCaller()).invitation.preview({ token }));
  const title = `Join ${invite.orgName}`;
  if (invite.alreadyMember && invite.orgSlug) {
    return (
      <AuthFrame title={title}>
        <p className="mb-6 text-sm">You are already a member of {invite.orgName}.</p>
        <Link href={`/o/${invite.orgSlug}`} className={`${buttonClass("primary")} w-full`}>
          Open {invite.orgName}
        </Link>
      </AuthFrame>
    );
  }
  const problem =
    invite.state === "EXPIRED"
      ? `This invitation expired on ${invite.expiresAt.toUTCString()}. Ask ${invite.invitedBy ?? "an admin"} to send a new one.`
      : invite.state === "REVOKED"
        ? "This invitation was withdrawn. Ask for a new one."
        : invite.state === "ACCEPTED"
          ? "This invitation has already been used. Ask for a new one."
          : null;
  return (
    <AuthFrame title={title}>
      <p className="mb-4 text-sm text-slate-700">
        {invite.invitedBy ?? "Someone"} invited <strong>{invite.email}</strong> to join{" "}
        <strong>{invite.orgName}</strong> as <strong>{invite.roleLabel}</strong>.
      </p>
      {problem ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">
          {problem}
        </p>
      ) : !invite.emailMatches ? (
        <div className="space-y-4">
          <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            You are signed in as {invite.signedInAs}. This invitation is for {invite.email}: sign out, then sign in as{" "}
            {invite.email}.
          </p>
          <form action={signOutAction}>
            <button type="submit" className={`${buttonClass("secondary")} w-full`}>
              Sign out
            </button>
          </form>
        </div>
      ) : (
        <AcceptButton token={token} />
      )}
    </AuthFrame>
  );
}
