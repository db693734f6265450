import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = resolve(here, "../../..");
const dir = mkdtempSync(join(tmpdir(), "kf-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("start script", () => {
  it("prints its URL, serves the admin API, and flushes state on SIGTERM", async () => {
    const stateFile = join(dir, "state.json");
    const child = spawn(
      process.execPath,
      [join(repoRoot, "node_modules/tsx/dist/cli.mjs"), join(repoRoot, "sandbox/kashflow/start.ts")],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          KASHFLOW_SANDBOX_PORT: "0",
          KASHFLOW_SANDBOX_STATE: stateFile,
          KASHFLOW_SANDBOX_ADMIN_KEY: "start-test-key",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 20_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolveUrl(m[1]);
        }
      });
    });
    const created = await fetch(`${url}/admin/accounts`, {
      method: "POST",
      headers: { "X-Admin-Key": "start-test-key", "Content-Type": "application/json" },
      body: JSON.stringify({ DataSet: "empty", CompanyName: "Started By Script Ltd" }),
    });
    expect(created.status).toBe(201);
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(readFileSync(stateFile, "utf8")).toContain("Started By Script Ltd");
  });
});
