// Inngest calls this route to run the sync jobs. Without Inngest configured (the in-process runner drives them) there
// is nothing to serve: a plain 404 that says so, instead of Inngest's "cloud mode but no signing key" 500.
import { serve } from "inngest/next";
import type { NextRequest } from "next/server";
import { BODY_LIMITS, withBodyLimit } from "@/server/http/body-limit";
import { inngest } from "@/server/jobs/client";
import { functions } from "@/server/jobs/functions";
import { inngestConfigured } from "@/server/sync/runner/mode";

export const dynamic = "force-dynamic";

const served = serve({ client: inngest, functions });

function notConfigured(): Response {
  return Response.json(
    { error: { code: "NOT_FOUND", message: "Inngest is not configured in this deployment." } },
    { status: 404, headers: { "cache-control": "no-store" } },
  );
}

function whenConfigured(handler: (request: NextRequest, context: unknown) => Promise<Response>) {
  const capped = withBodyLimit(BODY_LIMITS.inngest, handler);
  // Decided per request (before any body is read), so a test or a restart with new settings needs no rebuild.
  return async (request: Request, context: unknown) =>
    inngestConfigured() ? capped(request, context) : notConfigured();
}

export const GET = whenConfigured(served.GET);
export const POST = whenConfigured(served.POST);
export const PUT = whenConfigured(served.PUT);
