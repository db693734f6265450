import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { signInWithMagicLink } from "./helpers";

const stateDir = `.data/e2e-${process.env.E2E_PORT ?? 3100}`;

test("npm start's demo set-up connects the demo company to both sandboxes, and refuses anyone without the token", async ({
  page,
  request,
}) => {
  expect((await request.post("/api/dev/demo-setup")).status()).toBe(404);
  expect(
    (await request.post("/api/dev/demo-setup", { headers: { "x-ledgerlink-demo-token": "guess" } })).status(),
  ).toBe(404);
  const token = readFileSync(`${stateDir}/demo-token`, "utf8");
  const setUp = await request.post("/api/dev/demo-setup", { headers: { "x-ledgerlink-demo-token": token } });
  expect(setUp.ok()).toBe(true);
  expect(await setUp.json()).toMatchObject({ kashflow: "connected", sage100: "started" });
  // Running it again changes nothing.
  const again = await request.post("/api/dev/demo-setup", { headers: { "x-ledgerlink-demo-token": token } });
  expect(await again.json()).toMatchObject({ kashflow: "already", sage100: "already" });

  await signInWithMagicLink(page, "demo@ledgerlink.local");
  await page.goto("/o/demo");
  await page.getByRole("list", { name: "Companies" }).getByText("Acme Trading UK").click();
  await expect(page.getByTestId("kashflow-connection").getByText("Connected", { exact: true })).toBeVisible();
  await expect(page.getByTestId("kashflow-account")).toContainText("Acme Trading UK");
  await expect(page.getByTestId("sage100-card").getByText("Online", { exact: true })).toBeVisible({ timeout: 20_000 });
});
