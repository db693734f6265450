// The HTTP messages between agent and server (/api/agent/*): pairing, lease, result, heartbeat, change batches.
import { z } from "zod";
import { CHANGE_TABLES } from "./change-tables";
import { commandErrorSchema } from "./errors";
import { sageStamp } from "./values";

export const AGENT_DRIVERS = ["boi", "simulator"] as const;
export type AgentDriverName = (typeof AGENT_DRIVERS)[number];

const agentFacts = {
  hostname: z.string().trim().min(1).max(255),
  agentVersion: z.string().trim().min(1).max(40),
  driver: z.enum(AGENT_DRIVERS),
  sageCompany: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{3}$/, "a 3-character Sage company code")
    .optional(),
};

/** POST /api/agent/pair — no token yet: the one-time code shown on the company page. */
export const pairRequestSchema = z.object({ code: z.string().trim().min(4).max(32), ...agentFacts });
export const pairResponseSchema = z.object({
  agentId: z.string(),
  token: z.string(),
  company: z.object({ id: z.string(), name: z.string() }),
});

/** POST /api/agent/commands/lease — long-polls up to waitMs for up to `max` commands, each leased for leaseMs. */
export const leaseRequestSchema = z.object({
  max: z.number().int().min(1).max(10).default(1),
  waitMs: z.number().int().min(0).max(25_000).default(20_000),
  leaseMs: z.number().int().min(1_000).max(900_000).default(120_000),
  /** Sent by an agent that has just started (it holds nothing): what is still leased to it is handed out again now. */
  releaseHeld: z.boolean().default(false),
});
export const leasedCommandSchema = z.object({
  id: z.string(),
  // Any name: a command type newer than this agent is answered "unsupported" on its own, not a lease it cannot read.
  type: z.string().min(1).max(60),
  payload: z.unknown(),
  idempotencyKey: z.string(),
  attempt: z.number().int(),
  leaseExpiresAt: z.string(),
});
export type LeasedCommand = z.infer<typeof leasedCommandSchema>;
export const leaseResponseSchema = z.object({ commands: z.array(leasedCommandSchema), paused: z.boolean() });

/** POST /api/agent/commands/:id/result */
export const commandOutcomeSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("done"),
    result: z.record(z.string(), z.unknown()),
    warnings: z.array(z.string().max(1000)).max(50).default([]),
    durationMs: z.number().int().min(0).max(86_400_000),
  }),
  z.object({
    status: z.literal("failed"),
    error: commandErrorSchema,
    durationMs: z.number().int().min(0).max(86_400_000),
  }),
]);
export type CommandOutcome = z.infer<typeof commandOutcomeSchema>;
export const resultResponseSchema = z.object({ accepted: z.boolean(), status: z.string() });

/** POST /api/agent/heartbeat */
export const heartbeatRequestSchema = z.object({
  ...agentFacts,
  state: z.enum(["starting", "running", "paused", "stopping"]),
  lastError: z
    .object({ message: z.string().max(1000), at: z.iso.datetime() })
    .nullable()
    .default(null),
  sessions: z.object({ open: z.number().int().min(0), max: z.number().int().min(0) }).optional(),
  startedAt: z.iso.datetime().optional(),
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;
export const heartbeatResponseSchema = z.object({
  paused: z.boolean(),
  serverTime: z.string(),
  heartbeatIntervalMs: z.number(),
});

/** POST /api/agent/changes — rows found by polling audit stamps; batchId makes a resent batch a no-op. */
export const MAX_CHANGE_ROWS = 500;
export const changeBatchSchema = z.object({
  batchId: z.string().regex(/^[A-Za-z0-9_-]{8,100}$/),
  table: z.enum(CHANGE_TABLES),
  keyColumns: z.array(z.string().max(60)).min(1).max(10),
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_CHANGE_ROWS),
  highWater: sageStamp,
});
export type ChangeBatch = z.infer<typeof changeBatchSchema>;
export const changeBatchResponseSchema = z.object({ accepted: z.boolean(), duplicate: z.boolean() });

/** Every refusal from /api/agent/*: a stable code and a sentence for the agent's log. */
export const agentErrorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
