import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { client, createAccount, login, startSandbox } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "kf-sandbox-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("state file", () => {
  it("survives a restart: accounts, books, audit trail, sessions, OAuth clients and number sequences", async () => {
    const stateFile = join(dir, "state.json");
    const h1 = await startSandbox({ stateFile, persistDebounceMs: 50 });
    const acc = await createAccount(h1, { DataSet: "empty", CompanyName: "Persisted Ltd" });
    const token = await login(h1, acc);
    const api1 = client(h1, token);
    await api1.send("POST", "/customers", { Code: "KEEP01", Name: "Kept Customer" });
    const inv = await api1.send("POST", "/invoices", {
      CustomerCode: "KEEP01",
      LineItems: [{ NominalCode: 4000, Quantity: 2, Rate: 9.99, VATLevel: 20 }],
    });
    expect(inv.status).toBe(201);
    const oauthClient = await h1.adminJson("POST", "/oauth/clients", { Name: "Kept", AccountId: acc.AccountId });
    // The debounced write lands without an explicit flush.
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(stateFile)).toBe(true);
    expect(readFileSync(stateFile, "utf8")).toContain("Kept Customer");
    await h1.close();

    const h2 = await startSandbox({ stateFile });
    try {
      const api2 = client(h2, token);
      const again = await api2.get(`/invoices/${inv.body.Number}`);
      expect(again).toMatchObject({ GrossAmount: 23.98, CustomerCode: "KEEP01", Status: inv.body.Status });
      expect((await api2.get("/settings/companydetails")).CompanyName).toBe("Persisted Ltd");
      const next = await api2.send("POST", "/invoices", {
        CustomerCode: "KEEP01",
        LineItems: [{ NominalCode: 4000, Quantity: 1, Rate: 1, VATLevel: 0 }],
      });
      expect(next.body.Number).toBe(inv.body.Number + 1);
      const audit = await api2.get("/reports/business/audit?transactionbasedon=2");
      expect(audit.Data.map((r: any) => r.TransactionNumber)).toEqual([1, 2]);
      // A fresh login works with the same credentials.
      expect(await login(h2, acc)).toMatch(/^[0-9A-F-]{36}$/);
      const clients = await h2.adminJson<any[]>("GET", "/oauth/clients");
      expect(clients.map((c) => c.ClientId)).toContain(oauthClient.ClientId);
    } finally {
      await h2.close();
    }
  });

  it("writes the state on close even inside the debounce window", async () => {
    const stateFile = join(dir, "close.json");
    const h = await startSandbox({ stateFile, persistDebounceMs: 60_000 });
    await createAccount(h, { DataSet: "empty", CompanyName: "Flushed On Close" });
    await h.close();
    expect(readFileSync(stateFile, "utf8")).toContain("Flushed On Close");
  });

  it("moves an unreadable state file aside and starts empty", async () => {
    const stateFile = join(dir, "corrupt.json");
    writeFileSync(stateFile, "{ this is not json");
    const h = await startSandbox({ stateFile });
    try {
      expect(await h.adminJson<any[]>("GET", "/accounts")).toEqual([]);
      expect(readdirSync(dir).some((f) => f.startsWith("corrupt.json.corrupt-"))).toBe(true);
    } finally {
      await h.close();
    }
  });

  it("keeps memory-only sandboxes off the disk", async () => {
    const before = readdirSync(dir).length;
    const h = await startSandbox();
    await createAccount(h, { DataSet: "empty" });
    await h.close();
    expect(readdirSync(dir).length).toBe(before);
  });
});
