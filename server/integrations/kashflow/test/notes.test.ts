// Document notes (§8.6): read as a bare list, added with POST {Text}. The sandbox has no notes endpoint, so its 404
// reads as "no notes here" (null) while the invoice itself is there — how callers tell to use another field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, makeClient, recordingFetch, startSandbox, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await startSandbox();
});
afterAll(async () => {
  await h.close();
});

describe("KashFlow document notes", () => {
  it("lists notes on /invoices/{n}/notes and answers null where KashFlow has no notes endpoint", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client } = makeClient(h, acc);
    expect(await client.invoices.find(1)).not.toBeNull();
    expect(await client.invoices.notes(1)).toBeNull();
  });

  it("parses a bare list and posts {Text}", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const sent: unknown[] = [];
    const notes = [{ Number: 1, Text: "Shipped", Date: "2025-03-15 12:00:00", LastModifiedBy: "Ledgerlink" }];
    const { fetch: recording } = recordingFetch();
    const fake: typeof fetch = async (input, init = {}) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      if (!url.pathname.endsWith("/notes")) return recording(input, init);
      if ((init.method ?? "GET") === "POST") {
        sent.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify({ Number: 2, Text: "x" }), {
          status: 201,
          headers: { "content-type": "application/json" },
        });
      }
      return new Response(JSON.stringify(notes), { status: 200, headers: { "content-type": "application/json" } });
    };
    const { client } = makeClient(h, acc, { fetch: fake });
    expect(await client.invoices.notes(1)).toEqual([
      { Number: 1, Text: "Shipped", Date: "2025-03-15T12:00:00", LastModifiedBy: "Ledgerlink" },
    ]);
    await client.invoices.addNote(1, "Shipped 2025-03-15 · Sage 100 order 0000123");
    expect(sent).toEqual([{ Text: "Shipped 2025-03-15 · Sage 100 order 0000123" }]);
  });
});
