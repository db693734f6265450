// The agent's only network traffic: outbound HTTP(S) to the Ledgerlink server, JSON both ways, every answer
// checked against the protocol schemas.
import type { z } from "zod";
import {
  agentErrorResponseSchema,
  changeBatchResponseSchema,
  heartbeatResponseSchema,
  leaseResponseSchema,
  pairResponseSchema,
  resultResponseSchema,
  type ChangeBatch,
  type CommandOutcome,
  type HeartbeatRequest,
} from "../protocol";
import { cleanedTextMessage, cleanJson } from "../protocol/safe-text";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A refusal or failure from the server; `fatal` ones (revoked or unknown token) stop the agent. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ServerError";
  }

  get fatal(): boolean {
    return this.status === 401;
  }
}

export class ServerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
  ) {}

  private async post<T extends z.ZodType>(
    path: string,
    body: unknown,
    schema: T,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<z.infer<T>> {
    // One controller per request, unhooked afterwards, so a long-lived stop signal collects no listeners.
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, options.timeoutMs);
    options.signal?.addEventListener("abort", abort, { once: true });
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(new URL(path, this.baseUrl).toString(), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        // What Sage holds may carry NUL bytes or broken UTF-16 the server's database refuses: cleaned, and marked.
        body: JSON.stringify(cleanJson(body, { mark: true }).value),
        signal: controller.signal,
      });
      text = await response.text();
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", abort);
    }
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: reported below with the status
    }
    if (!response.ok) {
      const parsed = agentErrorResponseSchema.safeParse(json);
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new ServerError(
        response.status,
        parsed.success ? parsed.data.error.code : `HTTP_${response.status}`,
        parsed.success ? parsed.data.error.message : `The server answered ${response.status} ${response.statusText}.`,
        Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new ServerError(
        response.status,
        "BAD_RESPONSE",
        `The server's answer to ${path} is not what this agent understands; is the agent up to date?`,
      );
    return parsed.data;
  }

  pair(body: unknown) {
    return this.post("/api/agent/pair", body, pairResponseSchema, { timeoutMs: 30_000 });
  }

  lease(body: { max: number; waitMs: number; leaseMs: number; releaseHeld?: boolean }, signal?: AbortSignal) {
    return this.post("/api/agent/commands/lease", body, leaseResponseSchema, {
      timeoutMs: body.waitMs + 15_000,
      signal,
    });
  }

  result(commandId: string, outcome: CommandOutcome) {
    const cleaned = outcome.status === "done" ? cleanJson(outcome.result).changed : [];
    const said: CommandOutcome =
      outcome.status === "done" && cleaned.length
        ? {
            ...outcome,
            warnings: [...outcome.warnings, ...cleaned.slice(0, 10).map((p) => cleanedTextMessage(`result.${p}`))],
          }
        : outcome;
    return this.post(`/api/agent/commands/${encodeURIComponent(commandId)}/result`, said, resultResponseSchema, {
      timeoutMs: 30_000,
    });
  }

  heartbeat(body: HeartbeatRequest) {
    return this.post("/api/agent/heartbeat", body, heartbeatResponseSchema, { timeoutMs: 15_000 });
  }

  changes(batch: ChangeBatch) {
    return this.post("/api/agent/changes", batch, changeBatchResponseSchema, { timeoutMs: 60_000 });
  }
}
