// What real KashFlow clients see and the sandbox once hid: routes in any case, document notes (§8.6), and the
// lists documented as bare arrays answering with a paged envelope instead (§3.4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyBooks, loggedIn, startSandbox, type Harness } from "./helpers";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

const invoice = {
  CustomerCode: "CUST01",
  LineItems: [{ Description: "Widgets", Quantity: 1, Rate: 10, NominalCode: 4000 }],
};

describe("routes match in any case, as ASP.NET's do", () => {
  it("answers /V2/Invoices/{n} and /nominals/ID/{id} like their documented spelling; codes keep their case", async () => {
    const { api } = await emptyBooks(h);
    const created = await api.send("POST", "/Invoices", invoice);
    expect(created.status).toBe(201);
    const n = created.body.Number as number;
    const res = await fetch(`${h.url}/V2/INVOICES/${n}`, { headers: { Authorization: `KfToken ${api.token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Number: number }).Number).toBe(n);
    expect((await api.get("/Customers/cust01")).Code).toBe("CUST01");
    const nominal = await api.get("/nominals/4000");
    expect((await api.get(`/Nominals/ID/${nominal.Id}`)).Code).toBe(4000);
    expect((await api.send("GET", "/NoSuchThing")).status).toBe(404);
  });
});

describe("document notes", () => {
  it("lists an invoice's notes as a bare array and adds one with POST {Text} → 201", async () => {
    const { api } = await emptyBooks(h);
    const n = (await api.send("POST", "/invoices", invoice)).body.Number as number;
    expect(await api.get(`/invoices/${n}/notes`)).toEqual([]);
    const added = await api.send("POST", `/invoices/${n}/Notes`, { text: "Shipped 2025-03-15" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ Number: 1, Text: "Shipped 2025-03-15", LastModifiedBy: expect.any(String) });
    await api.send("POST", `/invoices/${n}/notes`, { Text: "Second" });
    const notes = await api.get(`/invoices/${n}/notes`);
    expect(notes.map((x: { Number: number; Text: string }) => [x.Number, x.Text])).toEqual([
      [1, "Shipped 2025-03-15"],
      [2, "Second"],
    ]);
    expect((await api.get(`/invoices/${n}/notes/2`)).Text).toBe("Second");
    // A PUT of the invoice keeps its notes.
    const full = await api.get(`/invoices/${n}`);
    expect((await api.send("PUT", `/invoices/${n}`, { ...full, CustomerReference: "PO-1" })).status).toBe(200);
    expect(await api.get(`/invoices/${n}/notes`)).toHaveLength(2);
  });

  it("refuses an empty note, a missing invoice, and answers 404 where the account has no notes endpoint", async () => {
    const { api } = await emptyBooks(h);
    const n = (await api.send("POST", "/invoices", invoice)).body.Number as number;
    expect((await api.send("POST", `/invoices/${n}/notes`, { Text: "  " })).status).toBe(400);
    expect((await api.send("GET", `/invoices/${n + 99}/notes`)).status).toBe(404);
    const none = await emptyBooks(h, { notesEndpoint: false });
    const m = (await none.api.send("POST", "/invoices", invoice)).body.Number as number;
    expect((await none.api.send("GET", `/invoices/${m}/notes`)).status).toBe(404);
    expect((await none.api.send("GET", `/invoices/${m}`)).status).toBe(200);
  });
});

describe("reference lists answering paged", () => {
  it("with pagedReferenceLists, /nominals answers the §3.4 envelope, page by page", async () => {
    const { api } = await loggedIn(h, { Seed: 3, Behaviour: { pagedReferenceLists: true } });
    const bare = await loggedIn(h, { Seed: 3 });
    const all = await bare.api.get("/nominals");
    expect(Array.isArray(all)).toBe(true);
    const first = await api.get("/nominals?perpage=5");
    expect(first.MetaData).toMatchObject({ TotalRecords: all.length, PreviousPageUrl: null });
    expect(first.Data).toHaveLength(5);
    expect(first.MetaData.NextPageUrl).toContain("page=2");
    const second = await api.get("/nominals?perpage=5&page=2");
    expect(second.Data.map((x: { Code: number }) => x.Code)).toEqual(
      all.slice(5, 10).map((x: { Code: number }) => x.Code),
    );
    expect((await api.get("/currencies")).Data.length).toBeGreaterThan(0);
  });
});
