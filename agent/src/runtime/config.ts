// The agent's config file: server URL, token (after pairing) and driver settings. Written with mode 0600 since it
// holds the agent token and the Sage password.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { AGENT_DRIVERS, CHANGE_TABLES } from "../protocol";

export const agentConfigSchema = z.object({
  server: z.url(),
  agentId: z.string().optional(),
  token: z.string().optional(),
  companyName: z.string().optional(),
  driver: z.enum(AGENT_DRIVERS).default("simulator"),
  sage: z
    .object({
      company: z
        .string()
        .regex(/^[A-Za-z0-9]{3}$/)
        .default("ABC"),
      homePath: z.string().default("C:\\Sage\\Sage 100 Advanced\\MAS90\\Home"),
      user: z.string().default("LEDGERLINK"),
      password: z.string().default("ledgerlink"),
      odbcConnectionString: z.string().default("DSN=LEDGERLINK"),
      maxSessions: z.number().int().min(1).max(4).default(1),
    })
    .prefault({}),
  simulator: z
    .object({
      stateFile: z.string().optional(),
      inspectPort: z.number().int().min(0).max(65535).optional(),
    })
    .prefault({}),
  /** How often to poll audit stamps for changes; 0 turns change detection off. */
  changesIntervalMs: z.number().int().min(0).default(30_000),
  /** Tables polled more often than changesIntervalMs (default: IM_ItemWarehouse every 5 s, for stock levels). */
  tableIntervalsMs: z.partialRecord(z.enum(CHANGE_TABLES), z.number().int().min(1_000)).optional(),
  heartbeatIntervalMs: z.number().int().min(1_000).default(15_000),
});
export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type AgentConfigInput = z.input<typeof agentConfigSchema>;

export function defaultConfigPath(): string {
  return process.env.LEDGERLINK_AGENT_CONFIG ?? path.join(os.homedir(), ".ledgerlink-agent", "config.json");
}

export function readConfig(file: string): AgentConfig {
  if (!fs.existsSync(file))
    throw new Error(`No agent config at ${file}. Pair first: ledgerlink-agent pair <code> --server <url>`);
  const parsed = agentConfigSchema.safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success)
    throw new Error(
      `The agent config at ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

export function writeConfig(file: string, config: AgentConfigInput): AgentConfig {
  const valid = agentConfigSchema.parse(config);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return valid;
}
