import { describe, expect, it } from "vitest";
import { findInputProblem } from "./input-guard";

describe("findInputProblem", () => {
  it("finds a NUL or a lone surrogate in any value or key, naming where", () => {
    expect(findInputProblem({ companyId: "c1\u0000" })).toEqual({
      path: "companyId",
      message: "companyId must not contain a NUL character.",
    });
    expect(findInputProblem({ lines: [{ note: "ok" }, { note: "half \uD800 pair" }] })?.path).toBe("lines.1.note");
    expect(findInputProblem({ "bad\u0000key": 1 })?.message).toBe("A field name must not contain a NUL character.");
    expect(findInputProblem("\uDC00")?.message).toBe("(input) is not valid Unicode text.");
  });

  it("refuses nesting deeper than any form sends", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(findInputProblem(deep)?.message).toBe("The input is nested too deeply.");
  });

  it("passes ordinary input, emoji and accents included", () => {
    expect(findInputProblem({ name: "Café 🚀 Ltd", amounts: [1, 2], when: new Date(), none: null })).toBeNull();
    expect(findInputProblem(undefined)).toBeNull();
  });
});
