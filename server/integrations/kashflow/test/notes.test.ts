// Document notes (§8.6): read as a bare list (every page where KashFlow pages it), added with POST {Text}. Where an
// account has no notes endpoint its 404 reads as "no notes here" (null) while the invoice itself is there.
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
  it("adds a note to an invoice and reads it back from the sandbox", async () => {
    const acc = await createAccount(h, { Seed: 1 });
    const { client } = makeClient(h, acc);
    expect(await client.invoices.notes(1)).toEqual([]);
    await client.invoices.addNote(1, "Shipped 2025-03-15 · Sage 100 order 0000123");
    expect(await client.invoices.notes(1)).toEqual([
      expect.objectContaining({ Number: 1, Text: "Shipped 2025-03-15 · Sage 100 order 0000123" }),
    ]);
    expect(await client.invoices.notes(999_999)).toBeNull();
  });

  it("reads every page of notes where KashFlow answers them paged", async () => {
    const acc = await createAccount(h, { Seed: 1, Behaviour: { pagedReferenceLists: true } });
    const { client, calls } = makeClient(h, acc, { behaviour: { perPage: 2 } });
    for (const t of ["one", "two", "three", "four", "five"]) await client.invoices.addNote(1, t);
    expect((await client.invoices.notes(1))?.map((n) => n.Text)).toEqual(["one", "two", "three", "four", "five"]);
    expect(calls.filter((c) => c.method === "GET" && c.path.endsWith("/invoices/1/notes"))).toHaveLength(3);
  });

  it("answers null where the account has no notes endpoint, though the invoice is there", async () => {
    const acc = await createAccount(h, { Seed: 1, Behaviour: { notesEndpoint: false } });
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
