// KashFlow's answers are cleaned as they are parsed: a NUL byte or a broken UTF-16 character in a customer name or an
// error body never reaches Postgres (which would refuse the ledger write and stall the sweep).
import { describe, expect, it } from "vitest";
import { readErrorBody } from "../errors";
import { parseJson } from "../http";

const ctx = { method: "GET", path: "/customers/NUL1", action: "reading", subject: "customer NUL1", idempotent: true };

describe("text from KashFlow", () => {
  it("a customer's name and keys are cleaned when the answer is parsed", () => {
    const text = JSON.stringify({ Code: "NUL1", Name: "Nul\u0000 Ltd \uD800", "Note\u0000": "x" });
    expect(parseJson({ status: 200, headers: new Headers(), text }, ctx)).toEqual({
      Code: "NUL1",
      Name: "Nul Ltd \uFFFD",
      Note: "x",
    });
  });

  it("an error body's message is cleaned", () => {
    expect(readErrorBody(JSON.stringify({ Message: "Bad\u0000 request \uDC00" }))).toEqual({
      Message: "Bad request \uFFFD",
      Error: undefined,
    });
  });
});
