// "Try with a sandbox" connections follow the KashFlow sandbox to wherever this server runs it now: a restart that
// moves the sandbox to another port (KASHFLOW_SANDBOX_URL) must not leave a connection calling the old one.
import { env } from "@/lib/env";
import { db } from "@/server/db";

/** The API base of the sandbox this server is configured with ("http://127.0.0.1:4010/v2"), or null without one. */
export function sandboxApiBaseUrl(): string | null {
  const url = env().KASHFLOW_SANDBOX_URL;
  // The sandbox serves its REST API under /v2 of its origin (the ApiBaseUrl it gives each account).
  return url ? `${new URL(url).origin}/v2` : null;
}

/** Where a connection's calls go: a sandbox account's to the sandbox as configured now, any other's to its stored URL. */
export function apiBaseUrlOf(connection: { apiBaseUrl: string; sandboxAccountId: string | null }): string {
  return (connection.sandboxAccountId && sandboxApiBaseUrl()) || connection.apiBaseUrl;
}

/** Stores the current sandbox URL on every sandbox connection that still has another; returns how many moved. */
export async function repointSandboxConnections(): Promise<number> {
  const current = sandboxApiBaseUrl();
  if (!current) return 0;
  const moved = await db.kashflowConnection.updateMany({
    where: { sandboxAccountId: { not: null }, apiBaseUrl: { not: current } },
    data: { apiBaseUrl: current },
  });
  return moved.count;
}
