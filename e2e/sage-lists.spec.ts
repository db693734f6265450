// Sage 100's lists on the mappings page, with the sandbox agent: the page reads them by itself the first time, the
// form suggests them, a value Sage 100 does not have is refused on its field, and "Refresh from Sage 100" reads again.
import { expect, test } from "@playwright/test";
import { freshCompany, sql } from "./helpers";

test("the mappings page reads Sage 100's lists through the agent, suggests them, and refuses a value Sage 100 does not have", async ({
  page,
}) => {
  await freshCompany(page, "Lists");
  const companyHref = new URL(page.url()).pathname;
  const companyId = companyHref.split("/").pop()!;
  const card = page.getByTestId("sage100-card");
  await card.getByRole("button", { name: "Try with a sandbox" }).click();
  await expect(card.getByTestId("sage100-online")).toHaveText("Online", { timeout: 20_000 });

  // No copy yet and the agent online: the page reads the lists once by itself.
  await page.goto(`${companyHref}/sync/mappings`);
  await expect(page.getByTestId("sage-lists-done")).toHaveText(
    "Read 21 G/L accounts, 2 tax classes and 2 bank codes just now.",
    { timeout: 30_000 },
  );
  await expect(page.getByTestId("sage-lists-copy")).toHaveText(
    "Sage 100's lists: 21 G/L accounts, 2 tax classes and 2 bank codes, read just now.",
  );

  const nominal = page.locator("#map-nominal_to_gl");
  await nominal.getByRole("button", { name: "Add a mapping" }).click();
  const form = nominal.getByTestId("mapping-form");
  await expect(form.getByText("Suggestions from Sage 100, read just now; or type it.")).toBeVisible();
  await expect(form.locator('datalist option[value="4000-00"]')).toHaveCount(1);
  // Inactive in Sage 100: not suggested.
  await expect(form.locator('datalist option[value="6400-00"]')).toHaveCount(0);
  await form.getByLabel("KashFlow nominal code").fill("4100");
  await form.getByLabel("Sage 100 G/L account").fill("4999-00");
  await form.getByRole("button", { name: "Save mapping" }).click();
  await expect(
    form.getByText(
      "Sage 100 has no G/L account 4999-00 (lists read just now). Refresh the lists if you have just added it.",
    ),
  ).toBeVisible();
  await form.getByLabel("Sage 100 G/L account").fill("4010-00");
  await form.getByRole("button", { name: "Save mapping" }).click();
  await expect(nominal.getByTestId("mapping-saved")).toHaveText(
    "4100 → 4010-00 saved. No held records were waiting for it.",
  );

  await page.getByRole("button", { name: "Refresh from Sage 100" }).click();
  await expect(page.getByTestId("sage-lists-done")).toHaveText(
    "Read 21 G/L accounts, 2 tax classes and 2 bank codes just now.",
    { timeout: 30_000 },
  );
  expect(
    await sql(
      `SELECT count(*)::int AS n FROM "Sage100Command" WHERE "companyId" = $1 AND type = 'readReferenceLists' AND status = 'DONE'`,
      [companyId],
    ),
  ).toEqual([{ n: 2 }]);
});
