// Builds the Next.js app only when a source file is newer than the last build, so `npm start` stays quick.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCES = [
  "app",
  "components",
  "lib",
  "server",
  "agent/src",
  "sandbox/sage100",
  "next.config.ts",
  "proxy.ts",
  "postcss.config.mjs",
  "instrumentation.ts",
  "instrumentation-node.ts",
  "package-lock.json",
  "tsconfig.json",
];
export const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function buildIsStale(): boolean {
  const buildId = fs.statSync(path.join(ROOT, ".next/BUILD_ID"), { throwIfNoEntry: false });
  if (!buildId) return true;
  return SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > buildId.mtimeMs);
}

export function ensureNextBuild(log: (line: string) => void): void {
  if (!buildIsStale()) return;
  log("building the app (next build; only when sources changed)...");
  const started = Date.now();
  const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("next build failed (see above)");
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
