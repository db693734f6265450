import { env, EnvError } from "@/lib/env";

try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`\n${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

// "Try with a sandbox" Sage 100 agents run inside the app: bring back the ones that were running before a restart.
void import("@/server/integrations/sage100/sandbox/sandbox-agents")
  .then((sandbox) => sandbox.resumeSandboxAgents())
  .then((resumed) => {
    if (resumed > 0) console.log(`[sage100] resumed ${resumed} sandbox agent(s)`);
  })
  .catch((error: unknown) => console.error(`[sage100] could not resume sandbox agents: ${error instanceof Error ? error.message : String(error)}`));
