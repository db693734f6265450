import { createRouter } from "@/server/api/trpc";
import { agentStatus } from "./agent-status";
import { createPairingCode } from "./create-pairing-code";
import { listCommands } from "./list-commands";
import { pingAgent } from "./ping-agent";
import { revokeAgent } from "./revoke-agent";
import { sandboxDocuments } from "./sandbox-documents";
import { setAgentPaused } from "./set-agent-paused";
import { startSandboxAgent } from "./start-sandbox-agent";

export const sage100Router = createRouter({
  agentStatus,
  createPairingCode,
  revokeAgent,
  setAgentPaused,
  startSandboxAgent,
  pingAgent,
  listCommands,
  sandboxDocuments,
});
