// npm run bench: runs every benchmark in bench/ (each in its own process), one after another.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => /\.(ts|mts)$/.test(f) && f !== "run.ts" && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const res = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", path.join(dir, file)], {
    stdio: "inherit",
    env: process.env,
  });
  if (res.status !== 0) {
    failed += 1;
    console.error(`${file} exited with ${res.status ?? res.signal}`);
  }
}
if (files.length === 0) console.log("No benchmarks found in bench/.");
process.exitCode = failed ? 1 : 0;
