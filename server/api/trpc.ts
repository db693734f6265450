// tRPC setup: context, error formatting, and the four procedure kinds (public, authed, org-scoped, company-scoped).
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { AppError, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { db } from "@/server/db";
import type { Role } from "@/server/generated/prisma/enums";
import { can, type Permission } from "@/server/services/roles";
import { findInputProblem } from "./input-guard";

export type Context = { userId: string | null };

export type Scope = "public" | "user" | "org" | "company";
export type Meta = { scope: Scope; permission?: Permission };

const TRPC_CODE: Record<ErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UPSTREAM: "BAD_GATEWAY",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

function zodFieldErrors(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const fieldErrors =
        cause instanceof ZodError ? zodFieldErrors(cause) : cause instanceof AppError ? cause.fieldErrors : undefined;
      const appCode = cause instanceof AppError ? cause.code : undefined;
      // Screens decide on the reason code (e.g. PlanLimitReached), never on the message.
      const reason = cause instanceof AppError ? (cause.reason ?? null) : null;
      const message =
        cause instanceof ZodError
          ? "Some fields need fixing."
          : shape.data.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppError)
            ? "Something went wrong on our side. Please try again."
            : shape.message;
      // Stack traces stay in the server log, never in a response.
      const { stack: _stack, ...data } = shape.data;
      return { ...shape, message, data: { ...data, appCode, reason, fieldErrors: fieldErrors ?? null } };
    },
  });

// Services throw AppError; tRPC sees the matching TRPCError, with the AppError kept as cause for the formatter.
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  return result;
});

const UNREADABLE = Symbol("unreadable input");

// Before any procedure: text Postgres cannot store (NUL), broken Unicode and absurd nesting are the caller's mistake.
const inputGuard = t.middleware(async ({ getRawInput, next }) => {
  // Input the transformer cannot decode (superjson refuses "constructor" and "prototype" keys, say) is the caller's.
  const raw = await getRawInput().catch(() => UNREADABLE);
  if (raw === UNREADABLE) {
    const message = "The input could not be read.";
    throw new TRPCError({ code: "BAD_REQUEST", message, cause: new AppError("BAD_REQUEST", message) });
  }
  const problem = findInputProblem(raw);
  if (problem) {
    const cause = new AppError("BAD_REQUEST", problem.message, { fieldErrors: { [problem.path]: [problem.message] } });
    throw new TRPCError({ code: "BAD_REQUEST", message: problem.message, cause });
  }
  return next();
});

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

export const publicProcedure = t.procedure.use(inputGuard).use(appErrors).meta({ scope: "public" });

export const authedProcedure = publicProcedure.meta({ scope: "user" }).use(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { userId: ctx.userId } });
});

const id = z.string().trim().min(1).max(64);

async function membershipOf(userId: string, orgId: string): Promise<{ role: Role } | null> {
  return db.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { role: true } });
}

function requireRole(role: Role, permission: Permission) {
  if (!can(role, permission)) throw new TRPCError({ code: "FORBIDDEN", message: "Your role does not allow this." });
}

/** A procedure inside one organization: `orgId` in the input; outsiders get NOT_FOUND, lower roles FORBIDDEN. */
export function orgProcedure(permission: Permission) {
  return authedProcedure
    .meta({ scope: "org", permission })
    .input(z.object({ orgId: id }))
    .use(async ({ ctx, input, next }) => {
      const membership = await membershipOf(ctx.userId, input.orgId);
      if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "Organization not found." });
      requireRole(membership.role, permission);
      return next({ ctx: { orgId: input.orgId, role: membership.role } });
    });
}

/** A procedure inside one company: `companyId` in the input; the company's org decides membership and role. */
export function companyProcedure(permission: Permission) {
  return authedProcedure
    .meta({ scope: "company", permission })
    .input(z.object({ companyId: id }))
    .use(async ({ ctx, input, next }) => {
      const company = await db.company.findUnique({ where: { id: input.companyId }, select: { orgId: true } });
      const membership = company ? await membershipOf(ctx.userId, company.orgId) : null;
      if (!company || !membership) throw new TRPCError({ code: "NOT_FOUND", message: "Company not found." });
      requireRole(membership.role, permission);
      return next({ ctx: { orgId: company.orgId, companyId: input.companyId, role: membership.role } });
    });
}
