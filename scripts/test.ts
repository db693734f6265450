// `npm test`: every test — type check, lint and import rules, migration drift, unit + integration on real PostgreSQL
// (vitest), the simulators' and agent's suites, and the Playwright journeys in Chromium — then one summary. Exit 1 on
// any failure.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureChromium } from "./lib/chromium";

const ROOT = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(ROOT, "node_modules/.bin", name);
const VITEST_REPORT = path.join(ROOT, "test-results/vitest-report.json");

type Step = { name: string; command: string[]; env?: Record<string, string> };
const steps: Step[] = [
  { name: "type check (tsc)", command: [bin("tsc"), "--noEmit", "-p", "."] },
  { name: "lint + import rules", command: ["npm", "run", "--silent", "lint"] },
  { name: "format (biome)", command: [bin("biome"), "format", "."] },
  { name: "migration drift", command: [bin("tsx"), "scripts/db/cli.ts", "drift"] },
  {
    name: "unit + integration (vitest)",
    // The JSON report lets the summary name the failing tests: CI shows only the end of the output.
    command: [bin("vitest"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${VITEST_REPORT}`],
  },
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

rmSync(VITEST_REPORT, { force: true });
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
for (const line of failedVitestTests()) console.log(`        ${line}`);
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n[test] ${failed.length} step(s) failed` : "\n[test] all steps passed");
process.exit(failed.length ? 1 : 0);

/** "file › test: first line of the error" for each failed vitest test, from the JSON report (none if absent). */
function failedVitestTests(): string[] {
  if (!existsSync(VITEST_REPORT)) return [];
  try {
    const report = JSON.parse(readFileSync(VITEST_REPORT, "utf8")) as VitestReport;
    return report.testResults.flatMap((file) => {
      const where = path.relative(ROOT, file.name);
      const failedTests = file.assertionResults.filter((t) => t.status === "failed");
      if (!failedTests.length && file.status === "failed") return [`${where}: ${firstLine(file.message)}`];
      return failedTests.map((t) => `${where} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    });
  } catch {
    return [];
  }
}

function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0]!.slice(0, 300);
}

type VitestReport = {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
};
