// Never loop on bad credentials (spec §10.9): after KashFlow refuses a login, no new login for a cool-off.
// Kept per KashFlow account, so every client and job of the account obeys it: in this process by default, in every
// app instance when the server injects its Postgres-backed guard (server/services/kashflow/shared-login-guard.ts).
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";

export type CoolOff = { coolOffMs: number; maxFailures: number };

/** What the session-token strategy asks before and tells after each login. */
export interface LoginGuard {
  /** Throws the remembered refusal while a cool-off covers this account (and these credentials). */
  assertAllowed(accountKey: string, fingerprint: string): Promise<void>;
  /** Records a refused login; blocks these credentials, or the whole account when locked or after repeated refusals. */
  refused(accountKey: string, fingerprint: string, error: AppError, o: CoolOff): Promise<void>;
  /** A login went through: the account's refusals are forgotten. */
  succeeded(accountKey: string): Promise<void>;
}

/** Reasons that lock out every credential of the account, not just the ones that were tried. */
export const ACCOUNT_WIDE_REASONS: ReadonlySet<string> = new Set(["AccountLocked", "SubscriptionExpired"]);

export const credentialFingerprint = (c: { username: string; password: string; memorableWord: string }): string =>
  createHash("sha256")
    .update(`${c.username.trim().toLowerCase()}\u0000${c.password}\u0000${c.memorableWord.trim().toLowerCase()}`)
    .digest("hex");

/** Whether this refusal blocks the whole account: a lock or an expired subscription, or the maxFailures-th refusal. */
export const blocksAccount = (reason: string | undefined, refusalsInCoolOff: number, o: CoolOff): boolean =>
  ACCOUNT_WIDE_REASONS.has(reason ?? "") || refusalsInCoolOff >= o.maxFailures;

/** The error a blocked login answers with: KashFlow's remembered refusal, and for how long we hold off. */
export function coolOffError(
  refusal: { code: AppError["code"]; message: string; reason?: string | null },
  untilMs: number,
  nowMs: number,
): AppError {
  const minutes = Math.max(1, Math.ceil((untilMs - nowMs) / 60_000));
  const reason = refusal.reason ?? undefined;
  const cause = new AppError(refusal.code, refusal.message, { retryClass: "NEEDS_USER", reason });
  return new AppError(
    refusal.code,
    `${refusal.message} (We paused sign-in attempts for about ${minutes} minute${minutes === 1 ? "" : "s"} so KashFlow does not lock the account.)`,
    {
      retryClass: "NEEDS_USER",
      reason,
      cause,
    },
  );
}

type Refusal = { at: number; fingerprint: string };
type Block = { until: number; fingerprint: string | "*"; error: AppError };
type AccountState = { refusals: Refusal[]; blocks: Block[] };

const accounts = new Map<string, AccountState>();

const stateOf = (accountKey: string): AccountState => {
  let s = accounts.get(accountKey);
  if (!s) accounts.set(accountKey, (s = { refusals: [], blocks: [] }));
  return s;
};

export function assertLoginAllowed(accountKey: string, fingerprint: string, now = Date.now()): void {
  const s = accounts.get(accountKey);
  if (!s) return;
  s.blocks = s.blocks.filter((b) => b.until > now);
  const block = s.blocks.find((b) => b.fingerprint === "*" || b.fingerprint === fingerprint);
  if (block) throw coolOffError(block.error, block.until, now);
}

export function recordLoginRefused(
  accountKey: string,
  fingerprint: string,
  error: AppError,
  o: CoolOff,
  now = Date.now(),
): void {
  const s = stateOf(accountKey);
  s.refusals = s.refusals.filter((r) => r.at > now - o.coolOffMs);
  s.refusals.push({ at: now, fingerprint });
  s.blocks.push({
    until: now + o.coolOffMs,
    fingerprint: blocksAccount(error.reason, s.refusals.length, o) ? "*" : fingerprint,
    error,
  });
}

export function recordLoginSucceeded(accountKey: string): void {
  accounts.delete(accountKey);
}

/** The guard of this process (clients built without a shared one: tests, benchmarks, scripts). */
export const memoryLoginGuard: LoginGuard = {
  assertAllowed: async (accountKey, fingerprint) => assertLoginAllowed(accountKey, fingerprint),
  refused: async (accountKey, fingerprint, error, o) => recordLoginRefused(accountKey, fingerprint, error, o),
  succeeded: async (accountKey) => recordLoginSucceeded(accountKey),
};

/** Forget every cool-off (tests). */
export function resetLoginGuard(): void {
  accounts.clear();
}
