// ledgerlink-agent: pair <code> --server <url> | run | status | pause | resume   (see --help)
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDriver } from "./drivers/create-driver";
import { AgentRunner } from "./runtime/agent-runner";
import { agentConfigSchema, defaultConfigPath, readConfig, writeConfig, type AgentConfigInput } from "./runtime/config";
import { pairAgent } from "./runtime/pair";
import { ServerClient } from "./runtime/server-client";
import { StateStore } from "./runtime/state-store";
import { AGENT_VERSION } from "./version";

const HELP = `ledgerlink-agent ${AGENT_VERSION} — connects Sage 100 to Ledgerlink over outbound HTTPS only.

  ledgerlink-agent pair <code> --server <url> [--driver boi|simulator] [--company ABC]
                   [--sage-home <MAS90\\Home>] [--sage-user <user>] [--sage-password <pw>] [--odbc <connection string>]
                   [--sim-state <file>] [--inspect-port <port>]
      Exchanges the one-time code shown on the company page for this agent's token and saves the config.
  ledgerlink-agent run [--once]      Long-polls for commands, heartbeats, pushes changes (Ctrl-C stops cleanly).
  ledgerlink-agent status            Config, pause state, change high-water marks, server reachability.
  ledgerlink-agent pause [--reason <text>] / resume
      Period-end: a running agent closes its Sage 100 sessions and takes no work until resumed.

  --config <file>   Config file (default ${defaultConfigPath()}, or LEDGERLINK_AGENT_CONFIG).`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: "string" },
    server: { type: "string" },
    driver: { type: "string" },
    company: { type: "string" },
    "sage-home": { type: "string" },
    "sage-user": { type: "string" },
    "sage-password": { type: "string" },
    odbc: { type: "string" },
    "sim-state": { type: "string" },
    "inspect-port": { type: "string" },
    reason: { type: "string" },
    once: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
});

const configFile = path.resolve(values.config ?? defaultConfigPath());
const stateDir = path.dirname(configFile);
const say = (line: string) => console.log(line);

async function pair(code: string | undefined): Promise<void> {
  if (!code || !values.server) throw new Error("Usage: ledgerlink-agent pair <code> --server <url>");
  const driver = agentConfigSchema.shape.driver.parse(
    values.driver ?? (process.platform === "win32" ? "boi" : "simulator"),
  );
  const paired = await pairAgent({ code, server: values.server, driver, sageCompany: values.company });
  const sage: NonNullable<AgentConfigInput["sage"]> = {
    ...(values.company ? { company: values.company.toUpperCase() } : {}),
    ...(values["sage-home"] ? { homePath: values["sage-home"] } : {}),
    ...(values["sage-user"] ? { user: values["sage-user"] } : {}),
    ...(values["sage-password"] ? { password: values["sage-password"] } : {}),
    ...(values.odbc ? { odbcConnectionString: values.odbc } : {}),
  };
  writeConfig(configFile, {
    server: values.server,
    agentId: paired.agentId,
    token: paired.token,
    companyName: paired.company.name,
    driver,
    sage,
    simulator: {
      ...(values["sim-state"] ? { stateFile: path.resolve(values["sim-state"]) } : {}),
      ...(values["inspect-port"] ? { inspectPort: Number(values["inspect-port"]) } : {}),
    },
  });
  say(`Paired with "${paired.company.name}" (agent ${paired.agentId}). Config saved to ${configFile}.`);
  say(`Next: ledgerlink-agent run${values.config ? ` --config ${values.config}` : ""}`);
}

async function run(): Promise<void> {
  const config = readConfig(configFile);
  if (!config.token) throw new Error(`The config at ${configFile} has no token. Pair first.`);
  // A simulated Sage keeps its data next to the config, so documents survive agent restarts like a real Sage.
  const driver = await createDriver(config, { simulatorStateFile: path.join(stateDir, "sage100-simulator.json") });
  const runner = new AgentRunner({
    client: new ServerClient(config.server, config.token),
    driver,
    state: new StateStore(stateDir),
    hostname: os.hostname(),
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    changesIntervalMs: values.once ? 0 : config.changesIntervalMs,
    tableIntervalsMs: config.tableIntervalsMs,
  });
  const stop = (signal: string) => {
    say(`${signal}: finishing the command in hand, then stopping…`);
    void runner.stop(signal);
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  if (values.once) {
    const delivered = await runner.pollChangesNow();
    say(`pushed ${delivered} changed row(s)`);
    await driver.close();
    return;
  }
  const inspect = "inspectUrl" in driver ? (driver as { inspectUrl(): string | null }).inspectUrl() : null;
  if (inspect) say(`simulator inspection at ${inspect}`);
  const reason = await runner.run();
  await driver.close();
  say(`stopped: ${reason}`);
  if (reason !== "SIGINT" && reason !== "SIGTERM" && reason !== "stopped") process.exitCode = 2;
}

async function status(): Promise<void> {
  const config = readConfig(configFile);
  const state = new StateStore(stateDir);
  say(`config:   ${configFile}`);
  say(`server:   ${config.server}`);
  say(
    `company:  ${config.companyName ?? "(unknown)"}  agent ${config.agentId ?? "(not paired)"}  token ${config.token ? "present" : "missing"}`,
  );
  say(`driver:   ${config.driver}  Sage company ${config.sage.company}`);
  const paused = state.isPausedLocally();
  say(`paused:   ${paused ? `yes (${paused.reason})` : "no"}`);
  for (const [table, mark] of Object.entries(state.highWaterMarks()))
    say(`changes:  ${table} up to ${new Date(mark.seconds * 1000).toISOString()}`);
  try {
    const response = await fetch(new URL("/api/health", config.server), { signal: AbortSignal.timeout(10_000) });
    say(`reachable: ${response.ok ? "yes" : `answered ${response.status}`}`);
  } catch (error) {
    say(`reachable: no (${(error as Error).message})`);
    process.exitCode = 1;
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = positionals;
  if (values.help || !command) return say(HELP);
  switch (command) {
    case "pair":
      return pair(rest[0]);
    case "run":
      return run();
    case "status":
      return status();
    case "pause":
      new StateStore(stateDir).pause(values.reason ?? `paused ${new Date().toISOString()}`);
      return say(
        "Paused: a running agent closes its Sage 100 sessions within a few seconds. `ledgerlink-agent resume` to continue.",
      );
    case "resume":
      new StateStore(stateDir).resume();
      return say("Resumed.");
    default:
      throw new Error(`Unknown command "${command}".\n\n${HELP}`);
  }
}

main().catch((error: unknown) => {
  console.error(`ledgerlink-agent: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
