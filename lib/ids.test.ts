// Ids our multi-row inserts make: unique, cuid-shaped, and in creation order across milliseconds like Prisma's.
import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("never repeats, is cuid-shaped, and an id made a millisecond later sorts after", async () => {
    const ids = Array.from({ length: 20_000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^c[0-9a-z]{24}$/);
    const earlier = newId();
    await new Promise((r) => setTimeout(r, 2));
    expect(newId() > earlier).toBe(true);
  });
});
