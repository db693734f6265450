// The wrapper every /api/agent/* route handler goes through: token -> agent, per-agent rate limit, size-limited
// zod-checked JSON body, and one JSON error shape ({ error: { code, message } }). Refusals of a known agent are
// written to its company's audit log.
import type { z } from "zod";
import { AppError, type ErrorCode } from "@/lib/errors";
import { cleanJson, JsonTooDeep } from "@/lib/safe-text";
import { requestClientAddress } from "@/server/client-address";
import { agentRateLimits } from "../rate-limit";
import { authenticateAgent, type AuthenticatedAgent } from "../authenticate-agent";
import { recordRefusal } from "../refusals";
import { BodyTooLarge, readJsonBody } from "./read-json-body";

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
  INTERNAL: 500,
};

export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

function toResponse(error: unknown): Response {
  if (error instanceof BodyTooLarge) return errorResponse(413, "PAYLOAD_TOO_LARGE", error.message);
  if (error instanceof JsonTooDeep) return errorResponse(400, "BAD_REQUEST", error.message);
  if (error instanceof AppError) {
    const retry = error.retryAfterMs ? { "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) } : undefined;
    return errorResponse(STATUS[error.code], error.code, error.message, retry);
  }
  console.error("[sage100] agent endpoint failed", error);
  return errorResponse(500, "INTERNAL", "Something went wrong on the server. The agent will retry.");
}

function invalidBody(error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
  return new AppError("BAD_REQUEST", `The request body is not valid: ${issues.join("; ")}`);
}

type RouteContext = { params?: Promise<Record<string, string | string[]> | undefined> };

export type AgentHandler<S extends z.ZodType> = (input: {
  agent: AuthenticatedAgent;
  body: z.infer<S>;
  request: Request;
  params: Record<string, string>;
  /** Paths in the body whose text was made safe for Postgres (objects holding it are marked: CLEANED_TEXT_KEY). */
  cleaned: string[];
}) => Promise<unknown>;

export function agentRoute<S extends z.ZodType>(options: { bodyLimit: number; schema: S }, handler: AgentHandler<S>) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    const path = new URL(request.url).pathname;
    let agent: AuthenticatedAgent | null = null;
    try {
      agent = await authenticateAgent(request.headers.get("authorization"), { path });
      const wait = await agentRateLimits.perAgent.take(agent.agentId);
      if (wait > 0) {
        console.warn(`[sage100] rate limited agent ${agent.agentId} on ${path}`);
        return errorResponse(429, "RATE_LIMITED", "Too many requests from this agent; slow down.", {
          "retry-after": String(Math.ceil(wait / 1000)),
        });
      }
      // NUL bytes and broken UTF-16 are cleaned before anything reads the body: Postgres would refuse them.
      const body = cleanJson(await readJsonBody(request, options.bodyLimit), { mark: true });
      const parsed = options.schema.safeParse(body.value);
      if (!parsed.success) throw invalidBody(parsed.error);
      // Next passes no params to static routes.
      const params = cleanJson(
        Object.fromEntries(
          Object.entries((await context?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
        ),
      );
      // An id with such characters names nothing we could have issued.
      if (params.changed.length) throw AppError.notFound("Command");
      return Response.json(
        await handler({ agent, body: parsed.data, request, params: params.value, cleaned: body.changed }),
        {
          headers: { "cache-control": "no-store" },
        },
      );
    } catch (error) {
      const response = toResponse(error);
      if (agent && response.status >= 400 && response.status < 500)
        await recordRefusal({
          action: "sage100.agent_refused",
          reason: error instanceof Error ? error.message.slice(0, 300) : "refused",
          // Counted per code, not per message: generated bad bodies each have a message of their own.
          code: `${error instanceof AppError ? error.code : response.status}`,
          company: { id: agent.companyId, orgId: agent.orgId },
          agentId: agent.agentId,
          details: { path, status: response.status },
        });
      return response;
    }
  };
}

/** For /api/agent/pair (no token yet): rate limited per client address, and per `limitKey` of the body (the code). */
export function pairingRoute<S extends z.ZodType>(
  options: { bodyLimit: number; schema: S; limitKey: (body: z.infer<S>) => string },
  handler: (input: { body: z.infer<S> }) => Promise<unknown>,
) {
  const tooMany = (wait: number) =>
    errorResponse(429, "RATE_LIMITED", "Too many pairing attempts; wait a little and try again.", {
      "retry-after": String(Math.ceil(wait / 1000)),
    });
  return async (request: Request): Promise<Response> => {
    try {
      const perAddress = await agentRateLimits.perAddress.take(requestClientAddress(request.headers));
      if (perAddress > 0) return tooMany(perAddress);
      const parsed = options.schema.safeParse(cleanJson(await readJsonBody(request, options.bodyLimit)).value);
      if (!parsed.success) throw invalidBody(parsed.error);
      const perCode = await agentRateLimits.perCode.take(options.limitKey(parsed.data));
      if (perCode > 0) return tooMany(perCode);
      return Response.json(await handler({ body: parsed.data }), { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return toResponse(error);
    }
  };
}
