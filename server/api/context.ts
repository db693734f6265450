import { currentUserId } from "@/server/auth";
import type { Context } from "./trpc";

/** The request's tRPC context: who is signed in. Tenancy is resolved per procedure from its input. */
export async function createRequestContext(): Promise<Context> {
  return { userId: await currentUserId() };
}
