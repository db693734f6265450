// Refused KashFlow logins remembered in Postgres, so every app instance obeys one cool-off per account: two
// instances with a wrong password try it once between them, and a locked account is left alone by all.
import type { AppError, ErrorCode } from "@/lib/errors";
import { db, transaction } from "@/server/db";
import { blocksAccount, coolOffError, type LoginGuard } from "@/server/integrations/kashflow";

export const sharedLoginGuard: LoginGuard = {
  async assertAllowed(accountKey, fingerprint) {
    const now = new Date();
    const block = await db.kashflowLoginRefusal.findFirst({
      where: { accountKey, until: { gt: now }, OR: [{ accountWide: true }, { fingerprint }] },
      orderBy: { until: "desc" },
    });
    if (block)
      throw coolOffError(
        { code: block.code as ErrorCode, message: block.message, reason: block.reason },
        block.until.getTime(),
        now.getTime(),
      );
  },

  async refused(accountKey, fingerprint, error: AppError, o) {
    const now = new Date();
    await transaction(async (tx) => {
      // One account's refusals are counted one instance at a time, so the maxFailures-th is never missed.
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`kashflow-login|${accountKey}`}))) AS l`;
      // Refusals whose cool-off ended a day ago tell nothing any more.
      await tx.kashflowLoginRefusal.deleteMany({
        where: { accountKey, until: { lt: new Date(now.getTime() - 86_400_000) } },
      });
      const recent = await tx.kashflowLoginRefusal.count({
        where: { accountKey, at: { gt: new Date(now.getTime() - o.coolOffMs) } },
      });
      await tx.kashflowLoginRefusal.create({
        data: {
          accountKey,
          fingerprint,
          accountWide: blocksAccount(error.reason, recent + 1, o),
          code: error.code,
          reason: error.reason ?? null,
          message: error.message,
          at: now,
          until: new Date(now.getTime() + o.coolOffMs),
        },
      });
    });
  },

  async succeeded(accountKey) {
    await db.kashflowLoginRefusal.deleteMany({ where: { accountKey } });
  },
};
