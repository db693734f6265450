// next-auth v5: magic links (always) and Google (when configured), database sessions through Prisma.
import { PrismaAdapter } from "@auth/prisma-adapter";
import NextAuth from "next-auth";
import type { Adapter } from "next-auth/adapters";
import Google from "next-auth/providers/google";
import { env } from "@/lib/env";
import { db } from "@/server/db";
import { magicLinkProvider } from "./email-provider";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export function googleConfigured(): boolean {
  return Boolean(env().AUTH_GOOGLE_ID && env().AUTH_GOOGLE_SECRET);
}

function adapter(): Adapter {
  const prisma = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...prisma,
    // Concurrent requests with one expired cookie each try to delete the session; the second must not fail sign-in.
    async deleteSession(sessionToken) {
      await db.session.deleteMany({ where: { sessionToken } });
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const config = env();
  return {
    adapter: adapter(),
    secret: config.AUTH_SECRET,
    trustHost: true,
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
