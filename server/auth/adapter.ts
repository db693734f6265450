// Auth.js's Prisma adapter with two changes: the Session table keeps a hash of each session token (the cookie is
// the only copy of the token itself), and asking for a new sign-in link leaves at most two live links per address.
// Verification tokens are already hashed by Auth.js (sha256 of token + AUTH_SECRET) before they reach the adapter.
import { PrismaAdapter } from "@auth/prisma-adapter";
import type { Adapter } from "next-auth/adapters";
import { hashToken } from "@/lib/tokens";
import { db } from "@/server/db";

/** What the Session table holds for a session cookie's token. */
export const sessionTokenHash = (sessionToken: string) => hashToken(`session:${sessionToken}`);

// The link mailed just before this one stays usable (mails cross); older ones go.
const EARLIER_LINKS_KEPT = 1;

export function ledgerlinkAdapter(): Adapter {
  const prisma = PrismaAdapter(db as unknown as Parameters<typeof PrismaAdapter>[0]);
  return {
    ...prisma,
    async createSession({ sessionToken, userId, expires }) {
      const row = await db.session.create({ data: { sessionToken: sessionTokenHash(sessionToken), userId, expires } });
      return { ...row, sessionToken };
    },
    async getSessionAndUser(sessionToken) {
      const row = await db.session.findUnique({
        where: { sessionToken: sessionTokenHash(sessionToken) },
        include: { user: true },
      });
      if (!row) return null;
      const { user, ...session } = row;
      return { user, session: { ...session, sessionToken } };
    },
    async updateSession({ sessionToken, expires }) {
      const where = { sessionToken: sessionTokenHash(sessionToken) };
      if (expires) await db.session.updateMany({ where, data: { expires } });
      const row = await db.session.findUnique({ where });
      return row ? { ...row, sessionToken } : null;
    },
    // Concurrent requests with one expired cookie each try to delete the session; the second must not fail sign-in.
    async deleteSession(sessionToken) {
      await db.session.deleteMany({ where: { sessionToken: sessionTokenHash(sessionToken) } });
    },
    async createVerificationToken(token) {
      const kept = await db.verificationToken.findMany({
        where: { identifier: token.identifier, expires: { gt: new Date() } },
        orderBy: { expires: "desc" },
        take: EARLIER_LINKS_KEPT,
        select: { token: true },
      });
      await db.verificationToken.deleteMany({
        where: { identifier: token.identifier, token: { notIn: kept.map((k) => k.token) } },
      });
      await db.verificationToken.create({ data: token });
      return token;
    },
  };
}
