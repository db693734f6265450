// A KashFlow client for a company's stored connection; refreshed tokens and new session tokens are sealed back.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { createKashflowClient, kashflowEndpointsFromEnv, kashflowLimitsFromEnv, type KashflowClient, type KashflowCredentials } from "@/server/integrations/kashflow";
import { openCredentials, sealCredentials } from "./connection-secrets";

/** One rate limit per KashFlow account: the username when known, else the company's single connection. */
export function accountKeyFor(connection: { companyId: string; apiBaseUrl: string; username: string | null }): string {
  return connection.username ? `${connection.apiBaseUrl}|${connection.username.toLowerCase()}` : `company:${connection.companyId}`;
}

export function clientForCredentials(o: { companyId: string; apiBaseUrl: string; credentials: KashflowCredentials; onChange?: (c: KashflowCredentials) => Promise<void>; readOnly?: boolean }): KashflowClient {
  const username = o.credentials.method === "SESSION_TOKEN" ? o.credentials.username : null;
  return createKashflowClient({
    accountKey: accountKeyFor({ companyId: o.companyId, apiBaseUrl: o.apiBaseUrl, username }),
    endpoints: { ...kashflowEndpointsFromEnv(), apiBaseUrl: o.apiBaseUrl },
    limits: kashflowLimitsFromEnv(),
    credentials: o.credentials,
    onCredentialsChanged: o.onChange,
    readOnly: o.readOnly,
  });
}

export async function kashflowClientForCompany(companyId: string, o: { readOnly?: boolean } = {}): Promise<KashflowClient> {
  const row = await db.kashflowConnection.findUnique({ where: { companyId } });
  if (!row) throw new AppError("PRECONDITION_FAILED", "This company is not connected to KashFlow yet.", { retryClass: "NEEDS_USER", reason: "NotConnected" });
  return clientForCredentials({
    companyId,
    apiBaseUrl: row.apiBaseUrl,
    credentials: openCredentials(row),
    readOnly: o.readOnly,
    onChange: async (credentials) => {
      const sealed = sealCredentials(credentials);
      await db.kashflowConnection.update({ where: { companyId }, data: { secrets: sealed.secrets, keyId: sealed.keyId, tokenExpiresAt: sealed.tokenExpiresAt } });
    },
  });
}
