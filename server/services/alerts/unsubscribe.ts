// One-click unsubscribe without signing in: a signed token names the person, the organization ("*": all of theirs,
// for the digest) and what to turn off (an alert kind, "digest", or "all"). Forged, expired or garbled tokens are
// refused with a reason, never an exception.
import { z } from "zod";
import { env } from "@/lib/env";
import { signToken, verifyToken, type TokenProblem } from "@/lib/signed-token";
import { db } from "@/server/db";
import { ALERT_KINDS, isAlertKind, type AlertKind } from "./kinds";
import { IMMEDIATE_KINDS, setPreference } from "./preferences";

const PURPOSE = "unsubscribe";
// Long enough for an email read months later; an expired link still leads to the preferences page.
const VALID_DAYS = 365;

export type UnsubscribeTarget = AlertKind | "digest" | "all";
export type UnsubscribeClaim = { userId: string; orgId: string | "*"; what: UnsubscribeTarget };

const claimSchema = z.object({
  u: z.string().min(1).max(64),
  o: z.string().min(1).max(64),
  k: z.string().refine((k) => k === "digest" || k === "all" || isAlertKind(k)),
});

export function unsubscribeToken(claim: UnsubscribeClaim, now = new Date()): string {
  return signToken(
    { u: claim.userId, o: claim.orgId, k: claim.what },
    { secret: env().AUTH_SECRET, purpose: PURPOSE, expiresAt: new Date(now.getTime() + VALID_DAYS * 86_400_000) },
  );
}

export type ReadToken = { ok: true; claim: UnsubscribeClaim } | { ok: false; problem: TokenProblem };

export function readUnsubscribeToken(token: string | null | undefined, now = new Date()): ReadToken {
  if (!token) return { ok: false, problem: "garbled" };
  const verified = verifyToken(token, { secret: env().AUTH_SECRET, purpose: PURPOSE, now });
  if (!verified.ok) return verified;
  const parsed = claimSchema.safeParse(verified.payload);
  if (!parsed.success) return { ok: false, problem: "garbled" };
  return { ok: true, claim: { userId: parsed.data.u, orgId: parsed.data.o, what: parsed.data.k as UnsubscribeTarget } };
}

export const TOKEN_PROBLEMS: Record<TokenProblem, string> = {
  garbled:
    "This unsubscribe link is incomplete or damaged. Copy the whole link from the email, or sign in and change your notification settings.",
  forged: "This unsubscribe link is not one Ledgerlink sent. Sign in and change your notification settings instead.",
  expired: "This unsubscribe link has expired. Sign in and change your notification settings instead.",
};

export type UnsubscribeState = {
  email: string;
  /** "Failed postings emails from Demo Accounting" */
  what: string;
  orgs: { id: string; name: string; slug: string }[];
  /** Already turned off (the button is not needed). */
  done: boolean;
};

async function scope(claim: UnsubscribeClaim) {
  const memberships = await db.membership.findMany({
    where: { userId: claim.userId, ...(claim.orgId === "*" ? {} : { orgId: claim.orgId }) },
    select: { org: { select: { id: true, name: true, slug: true } }, user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  const prefs = await db.alertPreference.findMany({
    where: { userId: claim.userId, orgId: { in: memberships.map((m) => m.org.id) } },
    select: { orgId: true, immediate: true, digest: true },
  });
  return { memberships, prefs };
}

function describe(claim: UnsubscribeClaim, orgNames: string[]): string {
  const where =
    claim.orgId === "*"
      ? orgNames.length === 1
        ? orgNames[0]!
        : `all your organizations (${orgNames.length})`
      : (orgNames[0] ?? "this organization");
  if (claim.what === "digest") return `the alerts digest from ${where}`;
  if (claim.what === "all") return `every alert email (immediate and digest) from ${where}`;
  return `"${ALERT_KINDS[claim.what].label}" emails from ${where}`;
}

function isOff(claim: UnsubscribeClaim, pref: { immediate: unknown; digest: string | null } | undefined): boolean {
  const immediate = (pref?.immediate && typeof pref.immediate === "object" ? pref.immediate : {}) as Record<
    string,
    unknown
  >;
  const digestOff = pref?.digest === "off";
  if (claim.what === "digest") return digestOff;
  if (claim.what === "all") return digestOff && IMMEDIATE_KINDS.every((k) => immediate[k] === false);
  return immediate[claim.what] === false;
}

/** What the link turns off, and whether that is already the case. Null: the person is no longer a member anywhere it names. */
export async function unsubscribeState(claim: UnsubscribeClaim): Promise<UnsubscribeState | null> {
  const { memberships, prefs } = await scope(claim);
  if (memberships.length === 0) return null;
  const orgs = memberships.map((m) => m.org);
  return {
    email: memberships[0]!.user.email,
    what: describe(
      claim,
      orgs.map((o) => o.name),
    ),
    orgs,
    done: orgs.every((org) =>
      isOff(
        claim,
        prefs.find((p) => p.orgId === org.id),
      ),
    ),
  };
}

/** Turns it off (idempotent). An explicit choice is stored, so a later change of role does not turn it back on. */
export async function applyUnsubscribe(claim: UnsubscribeClaim): Promise<UnsubscribeState | null> {
  const { memberships } = await scope(claim);
  await db.$transaction(async (tx) => {
    for (const { org } of memberships) {
      const kinds = claim.what === "all" ? IMMEDIATE_KINDS : claim.what === "digest" ? [] : [claim.what];
      await setPreference(tx, {
        orgId: org.id,
        userId: claim.userId,
        immediate: Object.fromEntries(kinds.map((k) => [k, false])),
        digest: claim.what === "all" || claim.what === "digest" ? "off" : undefined,
      });
    }
  });
  return unsubscribeState(claim);
}
