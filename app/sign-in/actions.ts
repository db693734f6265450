"use server";
import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { env } from "@/lib/env";
import { email } from "@/lib/schemas";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { signIn, signOut } from "@/server/auth";
import { SIGN_IN_LIMITED_MESSAGE, takeSignInTurn } from "@/server/auth/sign-in-limits";
import { requestClientAddress } from "@/server/client-address";

export type SignInState = { error?: string; notice?: string; email?: string };

export async function requestMagicLink(_prev: SignInState, form: FormData): Promise<SignInState> {
  // Anyone can call an action with any arguments; only the page's own form sends FormData.
  if (!(form instanceof FormData)) return { error: "Enter a valid email address." };
  const raw = String(form.get("email") ?? "");
  const parsed = email.safeParse(raw);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Enter a valid email address.", email: raw };
  const clientAddress = requestClientAddress(await headers());
  if (!(await takeSignInTurn({ email: parsed.data, clientAddress })))
    return { notice: SIGN_IN_LIMITED_MESSAGE, email: raw };
  try {
    await signIn("email", { email: parsed.data, redirectTo: safeRedirectPath(form.get("callbackUrl")) });
  } catch (error) {
    // signIn ends in a redirect (thrown by design); only Auth.js's own errors are shown here.
    if (error instanceof AuthError)
      return { error: "We could not send the sign-in email. Please try again in a minute.", email: raw };
    throw error;
  }
  return {};
}

export async function signInWithGoogle(form: FormData): Promise<void> {
  // The button shows only when Google sign-in is configured; a call without it has nothing to start.
  if (!(form instanceof FormData) || !env().AUTH_GOOGLE_ID) return;
  await signIn("google", { redirectTo: safeRedirectPath(form.get("callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
}
