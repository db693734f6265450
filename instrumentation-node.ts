import { env, EnvError } from "@/lib/env";
import { stampPeerAddresses } from "@/server/client-address/stamp-peer";
import { installMalformedRequestGuard } from "@/server/http/malformed-requests";

// Before the first request: rate limits must see the connection's address, not one the client wrote.
stampPeerAddresses();
// TRACE and broken percent-encoding would otherwise reach Next.js and come back as 500s.
installMalformedRequestGuard();

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

// "Try with a sandbox" Sage 100 agents run inside the app: bring back the ones that were running before a restart
// (the gateway loads the simulator only when the sandbox is on and some were running).
void import("@/server/integrations/sage100/sandbox-gateway")
  .then((sandbox) => sandbox.resumeSandboxAgents())
  .then((resumed) => {
    if (resumed > 0) console.log(`[sage100] resumed ${resumed} sandbox agent(s)`);
  })
  .catch((error: unknown) =>
    console.error(
      `[sage100] could not resume sandbox agents: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );

// Without Inngest, the in-process runner drives the sync stages on a schedule (SYNC_RUNNER=off disables it).
void import("@/server/sync/runner/mode")
  .then(async ({ inProcessRunnerEnabled }) => {
    if (!inProcessRunnerEnabled()) return;
    const { startInProcessRunner } = await import("@/server/sync/runner/in-process");
    startInProcessRunner();
    (await import("@/server/sync/runner/alerts-ticker")).startAlertsTicker(); // alerts, watchdog and digests: every minute
    (await import("@/server/sync/runner/retention-ticker")).startRetentionTicker(); // old sync history: every night
    console.log("[sync] in-process runner started (no Inngest configured)");
  })
  .catch((error: unknown) =>
    console.error(
      `[sync] could not start the in-process runner: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
