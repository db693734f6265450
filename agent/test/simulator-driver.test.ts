// The simulator driver can also serve the simulator's HTTP inspection, so "see it in Sage 100" works for a CLI agent.
import { describe, expect, it } from "vitest";
import { createSimulatorDriver } from "../src/drivers/simulator/simulator-driver";

describe("simulator driver", () => {
  it("serves the inspection endpoints of the very simulator it writes to", async () => {
    const driver = createSimulatorDriver({ inspectPort: 0 });
    try {
      await driver.withSession((h) => expect(h.session.sCompanyCode).toBe("ABC"));
      const url = driver.inspectUrl();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const tables = (await (await fetch(`${url}/companies/ABC/tables`)).json()) as { tables: Array<{ name: string }> };
      expect(tables.tables.map((t) => t.name)).toContain("AR_InvoiceHeader");
    } finally {
      await driver.close();
    }
  });
});
