// Stripe webhooks: verified by signature, stored by event id in the same transaction as their effect (a replay is a
// no-op), and never trusted for order: each subscription, invoice or checkout event re-reads the subscription from
// Stripe and applies that, then the organization's companies follow its state (transitions.ts).
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { db, transaction, type DbOrTx } from "@/server/db";
import { paymentFailedEmail, trialEndingEmail } from "@/server/email/templates/billing";
import { stripeClient, type Stripe } from "@/server/integrations/stripe/client";
import { graceEndsAt, lockBillingAccount } from "./entitlements";
import { emailOwners } from "./notify";
import { applySubscriptionTx, readSubscription } from "./subscription";
import { announceTransition, applyEntitlementsTx, type Transition } from "./transitions";

export const HANDLED_EVENTS = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.trial_will_end",
  "invoice.paid",
  "invoice.payment_failed",
] as const;
const HANDLED = new Set<string>(HANDLED_EVENTS);

export function webhookConfigured(): boolean {
  const e = env();
  return Boolean(e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET);
}

/** The event, if the signature over these exact bytes is Stripe's; otherwise BAD_REQUEST (nothing is stored). */
export function verifyStripeEvent(rawBody: Uint8Array, signature: string | null): Stripe.Event {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new AppError("NOT_FOUND", "Stripe webhooks are not configured in this deployment.");
  if (!signature)
    throw new AppError("BAD_REQUEST", "The Stripe-Signature header is missing.", { reason: "NoSignature" });
  try {
    return stripeClient().webhooks.constructEvent(Buffer.from(rawBody), signature, secret);
  } catch (error) {
    throw new AppError("BAD_REQUEST", "The Stripe signature does not match this request.", {
      reason: "BadSignature",
      cause: error,
    });
  }
}

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === "string" ? v : v.id;

type EventRef = { subscriptionId: string | null; customerId: string | null; orgId: string | null };

/** Which subscription and organization an event is about (ids only: the data itself is re-read). */
export function eventRef(event: Stripe.Event): EventRef {
  const object = event.data.object as unknown as Record<string, unknown>;
  const metadata = (object.metadata ?? {}) as Record<string, string | undefined>;
  switch (event.type) {
    case "checkout.session.completed": {
      const s = event.data.object;
      return {
        subscriptionId: idOf(s.subscription),
        customerId: idOf(s.customer),
        orgId: s.client_reference_id ?? metadata.orgId ?? null,
      };
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const inv = event.data.object;
      const legacy = (object as { subscription?: string | { id: string } | null }).subscription;
      return {
        subscriptionId: idOf(inv.parent?.subscription_details?.subscription ?? legacy),
        customerId: idOf(inv.customer),
        orgId: inv.parent?.subscription_details?.metadata?.orgId ?? null,
      };
    }
    default: {
      if (!event.type.startsWith("customer.subscription."))
        return { subscriptionId: null, customerId: null, orgId: null };
      const sub = object as { id?: string; customer?: string | { id: string } };
      return { subscriptionId: sub.id ?? null, customerId: idOf(sub.customer), orgId: metadata.orgId ?? null };
    }
  }
}

/** The organization an event belongs to: by its Stripe customer first, else the org id we put in the metadata. */
async function orgOfEvent(tx: DbOrTx, ref: EventRef): Promise<string | null> {
  if (ref.customerId) {
    const byCustomer = await tx.billingAccount.findUnique({
      where: { stripeCustomerId: ref.customerId },
      select: { orgId: true },
    });
    if (byCustomer) return byCustomer.orgId;
  }
  if (ref.orgId && ref.orgId.length <= 64) {
    const org = await tx.organization.findUnique({ where: { id: ref.orgId }, select: { id: true } });
    return org?.id ?? null;
  }
  return null;
}

export type EventOutcome = "applied" | "ignored" | "duplicate";

type Followup = { transition: Transition | null; emails: (() => Promise<unknown>)[] };

export async function processStripeEvent(
  event: Stripe.Event,
  o: { now?: Date } = {},
): Promise<{ outcome: EventOutcome; orgId: string | null }> {
  const now = o.now ?? new Date();
  const createdAt = new Date(event.created * 1000);
  try {
    const { outcome, orgId, followup } = await transaction(
      async (tx) => {
        await tx.$executeRaw`
          INSERT INTO "StripeEvent" ("id", "type", "createdAt") VALUES (${event.id}, ${event.type}, ${createdAt})
          ON CONFLICT ("id") DO NOTHING`;
        const [row] = await tx.$queryRaw<{ processedAt: Date | null }[]>`
          SELECT "processedAt" FROM "StripeEvent" WHERE "id" = ${event.id} FOR UPDATE`;
        if (row?.processedAt) return { outcome: "duplicate" as const, orgId: null, followup: null };
        const ref = eventRef(event);
        const orgId = HANDLED.has(event.type) ? await orgOfEvent(tx, ref) : null;
        const result = orgId ? await applyEvent(tx, event, ref, orgId, { now, createdAt }) : null;
        await tx.stripeEvent.update({
          where: { id: event.id },
          data: { processedAt: now, outcome: result ? result.outcome : "ignored", error: null, orgId },
        });
        return { outcome: result?.outcome ?? ("ignored" as const), orgId, followup: result?.followup ?? null };
      },
      // The subscription is re-read from Stripe inside, under the org's billing lock: room for a slow answer.
      { timeout: 45_000 },
    );
    if (followup) {
      await announceTransition(followup.transition);
      for (const send of followup.emails) await send();
    }
    return { outcome, orgId };
  } catch (error) {
    // Kept for diagnosis; processedAt stays empty, so Stripe's next delivery processes it.
    const message = error instanceof Error ? error.message : String(error);
    await db.stripeEvent
      .upsert({
        where: { id: event.id },
        create: { id: event.id, type: event.type, createdAt, outcome: "failed", error: message.slice(0, 2000) },
        update: { outcome: "failed", error: message.slice(0, 2000) },
      })
      .catch(() => undefined);
    throw error;
  }
}

async function applyEvent(
  tx: DbOrTx,
  event: Stripe.Event,
  ref: EventRef,
  orgId: string,
  o: { now: Date; createdAt: Date },
): Promise<{ outcome: "applied" | "ignored"; followup: Followup }> {
  let account = await lockBillingAccount(tx, orgId);
  const followup: Followup = { transition: null, emails: [] };
  if (account.exempt) return { outcome: "ignored", followup };
  // The customer Checkout used is this org's from now on (normally it already is: we created it).
  if (!account.stripeCustomerId && ref.customerId && event.type === "checkout.session.completed") {
    account = await tx.billingAccount.update({ where: { id: account.id }, data: { stripeCustomerId: ref.customerId } });
  }
  let outcome: "applied" | "ignored" = "ignored";
  if (ref.subscriptionId) {
    const sub = await readSubscription(ref.subscriptionId);
    outcome = await applySubscriptionTx(tx, account, ref.subscriptionId, sub, {
      now: o.now,
      eventCreatedAt: o.createdAt,
    });
    account = await tx.billingAccount.findUniqueOrThrow({ where: { id: account.id } });
  }
  const org = await tx.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: { id: true, name: true, slug: true },
  });
  if (event.type === "invoice.payment_failed" && outcome === "applied") {
    // One email per failed-payment episode, however many retries fail in it.
    const claimed = await tx.billingAccount.updateMany({
      where: { id: account.id, paymentFailedEmailAt: null },
      data: { paymentFailedEmailAt: o.now },
    });
    const ends = graceEndsAt(account) ?? new Date(o.now.getTime() + 7 * 86_400_000);
    if (claimed.count === 1)
      followup.emails.push(() =>
        emailOwners(org, "billing.payment-failed", (x) => paymentFailedEmail({ ...x, graceEndsAt: ends })),
      );
  }
  if (event.type === "customer.subscription.trial_will_end" && outcome === "applied") {
    const sub = event.data.object as Stripe.Subscription;
    const trialEnd = sub.trial_end ? new Date(sub.trial_end * 1000) : account.trialEndsAt;
    const claimed = await tx.billingAccount.updateMany({
      where: { id: account.id, trialEndingEmailAt: null },
      data: { trialEndingEmailAt: o.now },
    });
    if (claimed.count === 1 && trialEnd)
      followup.emails.push(() =>
        emailOwners(org, "billing.trial-ending", (x) => trialEndingEmail({ ...x, trialEndsAt: trialEnd })),
      );
  }
  followup.transition = await applyEntitlementsTx(tx, orgId, o.now);
  return { outcome, followup };
}
