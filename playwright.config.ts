import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
// Debian's Chromium on CI and these machines; on a laptop with Playwright's own browser, set CHROMIUM_PATH="".
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: `test-results/e2e-${PORT}`,
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: executablePath || undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // The fuzz suite runs after the journeys: its thousands of requests trip per-client limits a journey would meet.
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, testIgnore: /fuzz\.spec\.ts/ },
    { name: "fuzz", use: { ...devices["Desktop Chrome"] }, testMatch: /fuzz\.spec\.ts/ },
  ],
  webServer: {
    command: `npx tsx scripts/e2e-server.ts`,
    url: `${baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: { E2E_PORT: String(PORT) },
  },
});
