// `pair`: trades the one-time code from the company page for this agent's token.
import os from "node:os";
import type { AgentDriverName } from "../protocol";
import { AGENT_VERSION } from "../version";
import { ServerClient, type FetchLike } from "./server-client";

export async function pairAgent(input: {
  code: string;
  server: string;
  driver: AgentDriverName;
  sageCompany?: string;
  hostname?: string;
  fetchImpl?: FetchLike;
}) {
  const client = new ServerClient(input.server, undefined, input.fetchImpl);
  return client.pair({
    code: input.code,
    hostname: input.hostname ?? os.hostname(),
    agentVersion: AGENT_VERSION,
    driver: input.driver,
    ...(input.sageCompany ? { sageCompany: input.sageCompany.toUpperCase() } : {}),
  });
}
