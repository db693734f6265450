import { describe, expect, it } from "vitest";
import { formatDecimalHours, sageTime } from "../clock";
import { MESSAGES, formatMessage } from "../messages";
import { extension, percentOf, roundTo, sumAmounts, toUnits } from "../money";

describe("money", () => {
  it("rounds half away from zero on the decimal value, sums exactly", () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(sumAmounts([0.1, 0.2])).toBe(0.3);
    expect(sumAmounts(Array.from({ length: 1000 }, () => 0.01))).toBe(10);
    expect(toUnits(19.99, 2)).toBe(1999n);
  });

  it("extension and tax are exact", () => {
    expect(extension(3, 33.335)).toBe(100.01);
    expect(extension(0.333333, 3)).toBe(1);
    expect(extension(1234567.123456, 9999.999999)).toBe(12345671233.33);
    expect(percentOf(449.97, 7.25)).toBe(32.62);
    expect(percentOf(100, 8.5)).toBe(8.5);
  });
});

describe("decimal-hour times", () => {
  it('formats like Sage ("15.5" = 15:30)', () => {
    expect(sageTime(new Date("2025-03-15T15:30:00Z"))).toBe("15.5");
    expect(sageTime(new Date("2025-03-15T08:29:32Z"))).toBe("8.49222");
    expect(sageTime(new Date("2025-03-15T00:00:00Z"))).toBe("0");
    expect(formatDecimalHours(23.999999)).toBe("24");
  });
});

describe("message catalogue", () => {
  it("every entry has a code and text, placeholders are filled", () => {
    for (const [code, def] of Object.entries(MESSAGES)) {
      expect(def.num, code).not.toBe("");
      expect(def.text, code).not.toBe("");
    }
    expect(formatMessage("CHAR_LENGTH", { description: "Default Payment Type", length: 5 }).text).toBe(
      "The Default Payment Type is greater than 5 character(s)",
    );
    expect(formatMessage("NOT_ON_FILE", {}).text).toBe("The {column} is not on file.");
  });
});
