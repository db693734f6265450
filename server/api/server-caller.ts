// Server components call procedures through this caller, so pages get the same tenancy checks as the browser.
import "server-only";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { createRequestContext } from "./context";
import { createCaller } from "./root";

export async function serverCaller() {
  return createCaller(await createRequestContext());
}

const NOT_A_PAGE: TRPCError["code"][] = ["NOT_FOUND", "FORBIDDEN", "BAD_REQUEST"];

/** NOT_FOUND (foreign or missing ids) renders the not-found page, and so does an id from the URL that is not an id at
 * all (too long, wrong shape: BAD_REQUEST); anything else propagates. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && NOT_A_PAGE.includes(error.code)) notFound();
    throw error;
  }
}
