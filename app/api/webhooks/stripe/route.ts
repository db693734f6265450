// Stripe's webhooks: the raw body (capped) and its signature go to the billing service, which stores the event by id
// and applies it once. Bad or missing signature → 400, nothing changed; not configured → 404; a failure applying it
// → 503 so Stripe delivers it again.
import { isAppError } from "@/lib/errors";
import { BODY_LIMITS, PayloadTooLarge, payloadTooLargeResponse, readBodyCapped } from "@/server/http/body-limit";
import { processStripeEvent, verifyStripeEvent, webhookConfigured } from "@/server/services/billing/webhook";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

function answer(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers: { ...NO_STORE, ...headers } });
}

function notConfigured(): Response {
  return answer(404, "NOT_FOUND", "Stripe webhooks are not configured in this deployment.");
}

export async function POST(request: Request): Promise<Response> {
  if (!webhookConfigured()) return notConfigured();
  let body: Uint8Array;
  try {
    body = await readBodyCapped(request, BODY_LIMITS.stripeWebhook);
  } catch (error) {
    if (error instanceof PayloadTooLarge) return payloadTooLargeResponse(BODY_LIMITS.stripeWebhook);
    return answer(400, "BAD_REQUEST", "The request body could not be read.");
  }
  let event: ReturnType<typeof verifyStripeEvent>;
  try {
    event = verifyStripeEvent(body, request.headers.get("stripe-signature"));
  } catch (error) {
    const reason = isAppError(error) ? (error.reason ?? error.code) : "BadSignature";
    console.warn(`[stripe webhook] refused: ${reason}`);
    return answer(400, "BAD_REQUEST", isAppError(error) ? error.message : "The Stripe signature is not valid.");
  }
  try {
    const { outcome } = await processStripeEvent(event);
    return Response.json({ received: true, outcome }, { headers: NO_STORE });
  } catch (error) {
    console.error(`[stripe webhook] ${event.type} ${event.id} failed:`, error);
    return answer(503, "UPSTREAM", "The event could not be applied now; Stripe will send it again.");
  }
}

function methodNotAllowed(): Response {
  if (!webhookConfigured()) return notConfigured();
  return answer(405, "METHOD_NOT_ALLOWED", "Stripe webhooks are POSTed.", { allow: "POST" });
}

export const GET = methodNotAllowed;
export const PUT = methodNotAllowed;
export const PATCH = methodNotAllowed;
export const DELETE = methodNotAllowed;
