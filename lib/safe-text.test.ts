import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as agentCopy from "@/agent/src/protocol/safe-text";
import * as lib from "./safe-text";

describe.each([
  ["lib", lib],
  ["agent copy", agentCopy],
])("safe text (%s)", (_name, { cleanText, cleanJson, CLEANED_TEXT_KEY, JsonTooDeep }) => {
  it("removes NUL bytes and replaces unpaired surrogates, keeping real astral characters", () => {
    expect(cleanText("Acme\u0000 Ltd")).toEqual({ text: "Acme Ltd", changed: true });
    expect(cleanText("A\uD800B\uDC00C")).toEqual({ text: "A\uFFFDB\uFFFDC", changed: true });
    expect(cleanText("end\uD83D")).toEqual({ text: "end\uFFFD", changed: true });
    expect(cleanText("Café 😀 ünïcode")).toEqual({ text: "Café 😀 ünïcode", changed: false });
    expect(cleanText("")).toEqual({ text: "", changed: false });
  });

  it("cleans strings and keys at any depth and says where", () => {
    const input = { rows: [{ CustomerName: "Bad\u0000", "Key\u0000": "ok", nested: { list: ["\uDC00"] } }], n: 3 };
    const { value, changed } = cleanJson(input);
    expect(value).toEqual({ rows: [{ CustomerName: "Bad", Key: "ok", nested: { list: ["\uFFFD"] } }], n: 3 });
    expect(changed.sort()).toEqual(["rows.0.CustomerName", "rows.0.Key", "rows.0.nested.list.0"]);
    // The input is left as it was.
    expect(input.rows[0]?.CustomerName).toBe("Bad\u0000");
  });

  it("marks the objects it changed when asked, and leaves clean ones alone", () => {
    const { value } = cleanJson(
      [
        { CustomerNo: "A1", CustomerName: "X\u0000\uD800" },
        { CustomerNo: "A2", CustomerName: "fine" },
      ],
      { mark: true },
    );
    expect(value[0]).toEqual({ CustomerNo: "A1", CustomerName: "X\uFFFD", [CLEANED_TEXT_KEY]: ["CustomerName"] });
    expect(value[1]).toEqual({ CustomerNo: "A2", CustomerName: "fine" });
  });

  it("refuses JSON nested deeper than any message, instead of overflowing the stack", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`) as unknown;
    expect(() => cleanJson(deep)).toThrow(JsonTooDeep);
    const fine = JSON.parse(`${"[".repeat(60)}"x"${"]".repeat(60)}`) as unknown;
    expect(cleanJson(fine).changed).toEqual([]);
  });

  it("keeps a __proto__ key from JSON as data", () => {
    const { value } = cleanJson(JSON.parse('{"__proto__": {"polluted": "yes\\u0000"}}') as Record<string, unknown>);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});

it("the agent's copy is the same code as lib's", () => {
  const code = (path: string) =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter((line, i, all) => !(line.startsWith("//") && all.slice(0, i).every((l) => l.startsWith("//"))))
      .join("\n");
  expect(code("agent/src/protocol/safe-text.ts")).toBe(code("lib/safe-text.ts"));
});
