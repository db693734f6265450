// next-auth v5: magic links (always) and Google (when configured), database sessions (stored hashed) through Prisma.
import NextAuth, { AuthError } from "next-auth";
import Google from "next-auth/providers/google";
import { env } from "@/lib/env";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { ledgerlinkAdapter } from "./adapter";
import { magicLinkProvider } from "./email-provider";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

// A client's mistake (a used link, a forged CSRF token, a malformed address or path): one line, not a stack trace.
const CLIENT_MISTAKES = new Set(["Verification", "MissingCSRF", "UnknownAction", "EmailSignInError", "InvalidCheck"]);

export function googleConfigured(): boolean {
  return Boolean(env().AUTH_GOOGLE_ID && env().AUTH_GOOGLE_SECRET);
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = env();
  return {
    adapter: ledgerlinkAdapter(),
    secret: config.AUTH_SECRET,
    trustHost: true,
    logger: {
      error(error: Error) {
        if (error instanceof AuthError && CLIENT_MISTAKES.has(error.type))
          console.warn(`[auth] refused: ${error.type}`);
        else console.error(error);
      },
    },
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: 24 * 60 * 60 },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in/error" },
    providers: [
      magicLinkProvider(),
      ...(googleConfigured()
        ? [
            Google({
              clientId: config.AUTH_GOOGLE_ID,
              clientSecret: config.AUTH_GOOGLE_SECRET,
              allowDangerousEmailAccountLinking: true,
            }),
          ]
        : []),
    ],
    callbacks: {
      // Only this site's own pages after sign-in (no open redirects); anything else lands on the default page.
      redirect({ url, baseUrl }) {
        try {
          const target = new URL(url, baseUrl);
          if (target.origin === new URL(baseUrl).origin)
            return `${baseUrl}${safeRedirectPath(target.pathname + target.search)}`;
        } catch {}
        return `${baseUrl}${safeRedirectPath(undefined)}`;
      },
      session({ session, user }) {
        session.user.id = user.id;
        return session;
      },
    },
  };
});

/** The signed-in user's id, or null. */
export async function currentUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}
