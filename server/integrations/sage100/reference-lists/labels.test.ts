import { describe, expect, it } from "vitest";
import { refreshSummary } from "./labels";

describe("refreshSummary", () => {
  it("counts what was read in words, then says what was cut at the row limit or could not be read", () => {
    expect(
      refreshSummary(
        [
          { list: "glAccounts", rowCount: 42, truncated: false, error: null },
          { list: "taxClasses", rowCount: 1, truncated: false, error: null },
          { list: "bankCodes", rowCount: 3, truncated: false, error: null },
        ],
        "just now",
      ),
    ).toBe("Read 42 G/L accounts, 1 tax class and 3 bank codes just now.");
    expect(
      refreshSummary(
        [
          { list: "glAccounts", rowCount: 5000, truncated: true, error: null },
          { list: "bankCodes", rowCount: null, truncated: false, error: "Table is not accessible: GL_BankCode" },
        ],
        "just now",
      ),
    ).toBe(
      "Read 5,000 G/L accounts just now. Sage 100 has more G/L accounts than that: only the first 5,000 are offered. Sage 100's bank codes could not be read: Table is not accessible: GL_BankCode",
    );
  });
});
