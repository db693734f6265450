import { randomUUID } from "node:crypto";
import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { awaitCommandResult, enqueueCommand } from "@/server/integrations/sage100/command-queue";

/** "Test the connection": a ping through the queue, the agent and a BOI session, waited for up to 10 seconds. */
export const pingAgent = companyProcedure("company.write")
  .output(z.object({ status: z.string(), sageCompany: z.string().nullable(), errorMessage: z.string().nullable() }))
  .mutation(async ({ ctx }) => {
    const { command } = await enqueueCommand({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      command: { type: "ping", payload: {} },
      idempotencyKey: `ping:${randomUUID()}`,
      maxAttempts: 1,
    });
    const done = await awaitCommandResult({ companyId: ctx.companyId, commandId: command.id, timeoutMs: 10_000 });
    const result = done.result as { sageCompany?: string } | null;
    return {
      status: done.status,
      sageCompany: done.status === "DONE" ? (result?.sageCompany ?? null) : null,
      errorMessage:
        done.status === "FAILED"
          ? done.errorMessage
          : done.status === "DONE"
            ? null
            : "The agent did not answer within 10 seconds.",
    };
  });
