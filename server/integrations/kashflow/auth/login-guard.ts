// Never loop on bad credentials (spec §10.9): after KashFlow refuses a login, no new login for a cool-off.
// Kept per KashFlow account in this process, so every client and job of the account obeys it.
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";

type Refusal = { at: number; fingerprint: string };
type Block = { until: number; fingerprint: string | "*"; error: AppError };
type AccountState = { refusals: Refusal[]; blocks: Block[] };

const accounts = new Map<string, AccountState>();

/** Reasons that lock out every credential of the account, not just the ones that were tried. */
const ACCOUNT_WIDE = new Set(["AccountLocked", "SubscriptionExpired"]);

export const credentialFingerprint = (c: { username: string; password: string; memorableWord: string }): string =>
  createHash("sha256").update(`${c.username.trim().toLowerCase()}\u0000${c.password}\u0000${c.memorableWord.trim().toLowerCase()}`).digest("hex");

const stateOf = (accountKey: string): AccountState => {
  let s = accounts.get(accountKey);
  if (!s) accounts.set(accountKey, (s = { refusals: [], blocks: [] }));
  return s;
};

/** Throws the remembered refusal while a cool-off covers this account (and these credentials). */
export function assertLoginAllowed(accountKey: string, fingerprint: string, now = Date.now()): void {
  const s = accounts.get(accountKey);
  if (!s) return;
  s.blocks = s.blocks.filter((b) => b.until > now);
  const block = s.blocks.find((b) => b.fingerprint === "*" || b.fingerprint === fingerprint);
  if (!block) return;
  const minutes = Math.max(1, Math.ceil((block.until - now) / 60_000));
  throw new AppError(block.error.code, `${block.error.message} (We paused sign-in attempts for about ${minutes} minute${minutes === 1 ? "" : "s"} so KashFlow does not lock the account.)`, {
    retryClass: "NEEDS_USER",
    reason: block.error.reason,
    cause: block.error,
  });
}

/** Records a refused login; blocks these credentials, or the whole account when locked or after repeated refusals. */
export function recordLoginRefused(
  accountKey: string,
  fingerprint: string,
  error: AppError,
  o: { coolOffMs: number; maxFailures: number },
  now = Date.now(),
): void {
  const s = stateOf(accountKey);
  s.refusals = s.refusals.filter((r) => r.at > now - o.coolOffMs);
  s.refusals.push({ at: now, fingerprint });
  const accountWide = ACCOUNT_WIDE.has(error.reason ?? "") || s.refusals.length >= o.maxFailures;
  s.blocks.push({ until: now + o.coolOffMs, fingerprint: accountWide ? "*" : fingerprint, error });
}

export function recordLoginSucceeded(accountKey: string): void {
  accounts.delete(accountKey);
}

/** Forget every cool-off (tests). */
export function resetLoginGuard(): void {
  accounts.clear();
}
