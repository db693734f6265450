// Finds a Chromium for Playwright: CHROMIUM_PATH, Debian's /usr/bin/chromium, or installs Debian's package when
// this machine allows (root + apt). CHROMIUM_PATH="" means "use Playwright's own browser" (a laptop with internet).
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export function ensureChromium(log: (line: string) => void): void {
  const configured = process.env.CHROMIUM_PATH;
  if (configured === "") return;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return;
  }
  if (fs.existsSync(DEBIAN_CHROMIUM)) return;
  const canApt =
    process.platform === "linux" && process.getuid?.() === 0 && spawnSync("which", ["apt-get"]).status === 0;
  if (!canApt) {
    throw new Error(
      `No Chromium at ${DEBIAN_CHROMIUM}. Install it (Debian/Ubuntu: apt-get install chromium), point CHROMIUM_PATH at one, ` +
        `or set CHROMIUM_PATH="" and run "npx playwright install chromium" to use Playwright's own.`,
    );
  }
  log("installing Debian's chromium for the browser tests (apt-get)...");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", "chromium"],
  ]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
}
