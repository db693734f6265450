import { db } from "@/server/db";
import { kashflowEndpointsFromEnv } from "@/server/integrations/kashflow";
import { env } from "@/lib/env";

/** The company's KashFlow connection as the browser may see it: no secrets, ever. */
export async function getKashflowConnection({ companyId }: { companyId: string }) {
  const connection = await db.kashflowConnection.findUnique({
    where: { companyId },
    select: {
      authMethod: true,
      status: true,
      accountName: true,
      username: true,
      apiBaseUrl: true,
      sandboxAccountId: true,
      lastCheckedAt: true,
      lastError: true,
      lastErrorCode: true,
      tokenExpiresAt: true,
      createdAt: true,
    },
  });
  const endpoints = kashflowEndpointsFromEnv();
  return {
    connection,
    oauthAvailable: Boolean(endpoints.oauth),
    sandboxAvailable: Boolean(env().KASHFLOW_SANDBOX_URL),
  };
}
