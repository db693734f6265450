// Small helpers shared by the resources: one typed GET, a typed write, and "null when not found".
import type { z } from "zod";
import { isAppError } from "@/lib/errors";
import type { ClientCore } from "../client-core";
import { schemaError } from "../errors";
import { parseJson, type CallSpec } from "../http";

export type Written<T> = { status: number; data: T };

/** Sends and parses the body with `schema` inside the retry loop. */
export async function call<T>(
  core: ClientCore,
  spec: CallSpec,
  schema: z.ZodType<T>,
  label: string,
): Promise<Written<T>> {
  return core.http.call(spec, (res, ctx) => {
    const parsed = schema.safeParse(parseJson(res, ctx));
    if (!parsed.success) throw schemaError(ctx, parsed.error, label);
    return { status: res.status, data: parsed.data };
  });
}

export async function getOne<T>(
  core: ClientCore,
  path: string,
  subject: string,
  schema: z.ZodType<T>,
  label = subject,
): Promise<T> {
  return (await call(core, { method: "GET", path, action: "reading", subject }, schema, label)).data;
}

/** The record, or null when KashFlow answers 404. */
export async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

/** DELETE answering 204. */
export async function remove(
  core: ClientCore,
  path: string,
  subject: string,
  query?: CallSpec["query"],
): Promise<void> {
  await core.http.call({ method: "DELETE", path, query, action: "deleting", subject }, () => undefined);
}

export const seg = (v: string | number): string => encodeURIComponent(String(v));
