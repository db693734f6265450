// `npx tsx sandbox/stripe/start.ts`: prints its URL and keys, answers the SDK, and saves state on SIGTERM.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { sdkFor } from "./helpers";

const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../..");
const dir = mkdtempSync(join(tmpdir(), "stripe-start-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("start script", () => {
  it("prints its URL and keys, serves the SDK, and writes the state file on SIGTERM", async () => {
    const stateFile = join(dir, "state.json");
    const child = spawn(
      process.execPath,
      [join(repoRoot, "node_modules/tsx/dist/cli.mjs"), join(repoRoot, "sandbox/stripe/start.ts")],
      {
        cwd: repoRoot,
        env: { ...process.env, STRIPE_STANDIN_PORT: "0", STRIPE_STANDIN_STATE: stateFile },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const printed = await new Promise<{ url: string; key: string }>((done, reject) => {
      const timer = setTimeout(() => reject(new Error(`nothing printed: ${out}`)), 20_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        const key = /STRIPE_SECRET_KEY=(\S+)/.exec(out)?.[1];
        if (url && key && /STRIPE_WEBHOOK_SECRET=whsec_/.test(out)) {
          clearTimeout(timer);
          done({ url, key });
        }
      });
    });
    const customer = await sdkFor(printed.url, printed.key).customers.create({ name: "Started By Script Ltd" });
    expect(customer.id).toMatch(/^cus_/);
    const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(readFileSync(stateFile, "utf8")).toContain("Started By Script Ltd");
  });
});
