// Server components call procedures through this caller, so pages get the same tenancy checks as the browser.
import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { createRequestContext } from "./context";
import { createCaller } from "./root";

export async function serverCaller() {
  return createCaller(await createRequestContext());
}

/** NOT_FOUND (foreign or missing ids) renders the not-found page; anything else propagates. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "FORBIDDEN")) notFound();
    throw error;
  }
}
