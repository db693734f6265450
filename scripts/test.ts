// `npm test`: every test — type check, lint and import rules, migration drift, unit + integration on real PostgreSQL
// (vitest), the simulators' and agent's suites, and the Playwright journeys in Chromium — then one summary. Exit 1 on
// any failure.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureChromium } from "./lib/chromium";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);

type Step = { name: string; command: string[]; env?: Record<string, string> };
const steps: Step[] = [
  { name: "type check (tsc)", command: [bin("tsc"), "--noEmit", "-p", "."] },
  { name: "lint + import rules", command: ["npm", "run", "--silent", "lint"] },
  { name: "format (biome)", command: [bin("biome"), "format", "."] },
  { name: "migration drift", command: [bin("tsx"), "scripts/db/cli.ts", "drift"] },
  { name: "unit + integration (vitest)", command: [bin("vitest"), "run"] },
  { name: "browser journeys (playwright)", command: [bin("playwright"), "test"] },
];

const log = (line: string) => console.log(`\n[test] ${line}`);
const results: { name: string; ok: boolean; seconds: number }[] = [];
const only = process.argv.slice(2);

try {
  ensureChromium(log);
} catch (error) {
  console.error(`[test] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

for (const step of steps) {
  if (only.length && !only.some((o) => step.name.includes(o))) continue;
  log(`${step.name}: ${step.command.map((c) => path.relative(ROOT, c) || c).join(" ")}`);
  const started = Date.now();
  const run = spawnSync(step.command[0]!, step.command.slice(1), {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, ...step.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" },
  });
  results.push({ name: step.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

console.log("\n[test] summary");
for (const r of results)
  console.log(`  ${r.ok ? "PASS" : "FAIL"}  ${r.name.padEnd(32)} ${r.seconds.toFixed(1).padStart(6)} s`);
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n[test] ${failed.length} step(s) failed` : "\n[test] all steps passed");
process.exit(failed.length ? 1 : 0);
