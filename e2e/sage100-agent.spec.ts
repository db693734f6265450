import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { freshEmail, signInWithMagicLink } from "./helpers";

async function newCompany(page: Page, org: string): Promise<void> {
  await signInWithMagicLink(page, freshEmail("sage"));
  await page.getByLabel("Organization name").fill(org);
  await page.getByRole("button", { name: "Create organization" }).click();
  await page.getByRole("link", { name: "New company" }).click();
  await page.getByLabel("Company name").fill("Sage Trading Inc");
  await page.getByRole("button", { name: "Create company" }).click();
  await expect(page.getByTestId("company-name")).toHaveText("Sage Trading Inc");
}

test("Try with a sandbox: the app pairs a simulator agent that comes online; revoking takes it offline for good", async ({
  page,
}) => {
  await newCompany(page, "Sandbox Sage Ltd");
  const card = page.getByTestId("sage100-card");
  await expect(card.getByText("No agent paired yet.")).toBeVisible();
  await card.getByRole("button", { name: "Try with a sandbox" }).click();

  await expect(card.getByTestId("sage100-online")).toHaveText("Online", { timeout: 20_000 });
  await expect(card.getByTestId("sage100-agent-host")).toHaveText("Sandbox agent (simulated Sage 100)");
  await expect(card.getByTestId("sage100-driver")).toHaveText("Simulator");
  await expect(card.getByTestId("sage100-sage-company")).toHaveText("ABC");
  await expect(card.getByTestId("sage100-last-heartbeat")).toHaveText(/s ago$/);

  // A ping goes through the queue, the agent and a BOI session.
  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText("Sage 100 answered (company ABC)")).toBeVisible({ timeout: 15_000 });
  await expect(card.getByTestId("sage100-commands")).toContainText("ping");

  page.once("dialog", (dialog) => void dialog.accept());
  await card.getByRole("button", { name: "Revoke" }).click();
  await expect(card.getByText("No agent paired yet.")).toBeVisible();
  await expect(card.getByRole("button", { name: "Pair Sage 100" })).toBeVisible();
});

test("Pair Sage 100: the code and commands shown on the page pair a real agent process that comes online", async ({
  page,
  baseURL,
}) => {
  await newCompany(page, "Real Agent Sage Ltd");
  const card = page.getByTestId("sage100-card");
  await card.getByRole("button", { name: "Pair Sage 100" }).click();
  const code = (await card.getByTestId("sage100-pairing-code").textContent())!.trim();
  expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await expect(card.getByTestId("sage100-pairing")).toContainText(`ledgerlink-agent pair ${code} --server ${baseURL}`);
  await expect(card.getByTestId("sage100-pairing")).toContainText(/expires at/);

  // The agent CLI, as a separate process, exactly as the page tells a developer to run it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ll-e2e-agent-"));
  const config = path.join(dir, "config.json");
  const cli = (args: string[]): ChildProcess =>
    spawn(process.execPath, ["--import", "tsx", "agent/src/cli.ts", ...args, "--config", config], { stdio: "pipe" });
  const pair = cli(["pair", code, "--server", baseURL!, "--driver", "simulator"]);
  let pairOutput = "";
  pair.stdout?.on("data", (d: Buffer) => (pairOutput += d.toString()));
  pair.stderr?.on("data", (d: Buffer) => (pairOutput += d.toString()));
  expect(await new Promise((resolve) => pair.on("exit", resolve)), pairOutput).toBe(0);
  expect(pairOutput).toContain('Paired with "Sage Trading Inc"');

  const run = cli(["run"]);
  try {
    await expect(card.getByTestId("sage100-online")).toHaveText("Online", { timeout: 20_000 });
    await expect(card.getByTestId("sage100-driver")).toHaveText("Simulator");
    await expect(card.getByTestId("sage100-pairing")).toHaveCount(0);
  } finally {
    run.kill("SIGTERM");
    await new Promise((resolve) => run.on("exit", resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
