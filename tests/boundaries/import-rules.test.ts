// The import rules `npm run lint` enforces, run over a tiny repository of their own: each forbidden import fails,
// and the allowed doors (tests, the sandbox gateway, the sandbox folder itself) pass.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { cruise, type ICruiseResult, type IConfiguration } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const config = createRequire(import.meta.url)(path.join(ROOT, ".dependency-cruiser.cjs")) as IConfiguration;

const FILES: Record<string, string> = {
  "tsconfig.json": JSON.stringify({
    compilerOptions: { baseUrl: ".", paths: { "@/*": ["./*"] }, module: "esnext", moduleResolution: "bundler" },
  }),
  "server/db.ts": "export const db = 1;\n",
  "server/sync/model.ts": "export type RecordWarning = { field: string };\n",
  "server/domain/model.ts": "export type RecordWarning = { field: string };\n",
  "sandbox/sage100/index.ts": "export const sim = 1;\n",
  "server/integrations/sage100/sandbox/sandbox-agents.ts":
    'import { sim } from "@/sandbox/sage100";\nexport const start = () => sim;\n',
  "agent/src/drivers/boi-types.ts": "export type BoiRef = { valueOf(): unknown };\n",
  "agent/src/drivers/simulator/simulator-driver.ts":
    'import { sim } from "../../../../sandbox/sage100";\nexport const driver = sim;\n',
  // Forbidden:
  "lib/uses-server.ts": 'import { db } from "@/server/db";\nexport const x = db;\n',
  "server/integrations/kashflow/mappers/uses-sync.ts":
    'import type { RecordWarning } from "../../../sync/model";\nexport type W = RecordWarning;\n',
  "server/services/demo/uses-sandbox.ts":
    'export const load = () => import("@/server/integrations/sage100/sandbox/sandbox-agents");\n',
  "components/uses-simulator.tsx": 'import { sim } from "@/sandbox/sage100";\nexport const y = sim;\n',
  "agent/src/commands/uses-sandbox.ts": 'import { sim } from "../../../sandbox/sage100";\nexport const z = sim;\n',
  // Allowed:
  "server/integrations/kashflow/mappers/uses-domain.ts":
    'import type { RecordWarning } from "@/server/domain/model";\nexport type W = RecordWarning;\n',
  "server/integrations/sage100/sandbox-gateway.ts": 'export const load = () => import("./sandbox/sandbox-agents");\n',
  "server/services/demo/demo.test.ts":
    'import { start } from "@/server/integrations/sage100/sandbox/sandbox-agents";\nexport const t = start;\n',
};

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerlink-import-rules-"));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function violations(): Promise<string[]> {
  const cwd = process.cwd();
  process.chdir(dir); // the rules' paths are relative to the repository root
  try {
    const tsConfig = extractTSConfig(path.join(dir, "tsconfig.json"));
    const { tsConfig: _ignored, ...options } = config.options ?? {};
    const result = await cruise(
      ["lib", "server", "components", "agent", "sandbox"],
      { ...options, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: "json" },
      { tsConfig: path.join(dir, "tsconfig.json") } as never,
      { tsConfig } as never,
    );
    const output = (typeof result.output === "string" ? JSON.parse(result.output) : result.output) as ICruiseResult;
    return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  } finally {
    process.chdir(cwd);
  }
}

describe("import rules", () => {
  it("fail the build for lib → server, integrations → sync, product → simulators and agent → sandbox, and let the allowed doors pass", async () => {
    expect(await violations()).toEqual([
      "agent-imports-sandbox: agent/src/commands/uses-sandbox.ts → sandbox/sage100/index.ts",
      "integration-imports-sync: server/integrations/kashflow/mappers/uses-sync.ts → server/sync/model.ts",
      "lib-imports-server: lib/uses-server.ts → server/db.ts",
      "product-imports-simulator: components/uses-simulator.tsx → sandbox/sage100/index.ts",
      "product-imports-simulator: server/services/demo/uses-sandbox.ts → server/integrations/sage100/sandbox/sandbox-agents.ts",
    ]);
  });
});
