// The KashFlow sandbox for local runs: started in-process, with an OAuth client registered for this app's callback.
import path from "node:path";
import { createKashflowSandbox } from "../../sandbox/kashflow";
import { freePort } from "./embedded-postgres";

export const LOCAL_OAUTH_CLIENT_ID = "ledgerlink-local";
const ADMIN_KEY = process.env.KASHFLOW_SANDBOX_ADMIN_KEY || "sandbox-admin";

export type RunningKashflowSandbox = { url: string; env: Record<string, string>; stop: () => Promise<void> };

export async function startKashflowSandbox(o: {
  dataDir: string | null;
  appUrl: string;
  preferredPort?: number;
  clientSecret: string;
}): Promise<RunningKashflowSandbox> {
  const sandbox = createKashflowSandbox({
    stateFile: o.dataDir ? path.join(o.dataDir, "kashflow-sandbox.json") : null,
    adminKey: ADMIN_KEY,
  });
  const { url } = await sandbox.listen(await freePort(o.preferredPort));
  const admin = (method: string, route: string, body?: unknown) =>
    fetch(`${url}${route}`, {
      method,
      headers: { "content-type": "application/json", "x-admin-key": ADMIN_KEY },
      body: body ? JSON.stringify(body) : undefined,
    });
  // Re-register on every start: the app's URL (and so the callback) may differ between runs.
  await admin("DELETE", `/admin/oauth/clients/${LOCAL_OAUTH_CLIENT_ID}`);
  const created = await admin("POST", "/admin/oauth/clients", {
    Name: "Ledgerlink (local)",
    ClientId: LOCAL_OAUTH_CLIENT_ID,
    ClientSecret: o.clientSecret,
    RedirectUris: [new URL("/api/kashflow/callback", o.appUrl).toString()],
  });
  if (!created.ok)
    throw new Error(`could not register the local OAuth client with the KashFlow sandbox (HTTP ${created.status})`);
  return {
    url,
    env: {
      KASHFLOW_SANDBOX_URL: url,
      KASHFLOW_SANDBOX_ADMIN_KEY: ADMIN_KEY,
      KASHFLOW_API_BASE_URL: `${url}/v2`,
      KASHFLOW_OAUTH_AUTHORIZE_URL: `${url}/oauth2/v1/authorize`,
      KASHFLOW_OAUTH_TOKEN_URL: `${url}/oauth2/v1/token`,
      KASHFLOW_OAUTH_REVOKE_URL: `${url}/oauth2/v1/revoke`,
      KASHFLOW_OAUTH_CLIENT_ID: LOCAL_OAUTH_CLIENT_ID,
      KASHFLOW_OAUTH_CLIENT_SECRET: o.clientSecret,
    },
    stop: () => sandbox.close().catch(() => undefined),
  };
}
