import { describe, expect, it } from "vitest";
import { dayInZone, formatDay, startOfDayInZone } from "./zoned-day";

describe("days in a company's time zone", () => {
  it("says which day it is there, across the date line and summer time", () => {
    const at = new Date("2027-01-02T23:30:00Z");
    expect(dayInZone(at, "UTC")).toBe("2027-01-02");
    expect(dayInZone(at, "Europe/London")).toBe("2027-01-02");
    expect(dayInZone(at, "Europe/Berlin")).toBe("2027-01-03");
    expect(dayInZone(at, "America/New_York")).toBe("2027-01-02");
    expect(dayInZone(new Date("2026-07-01T23:30:00Z"), "Europe/London")).toBe("2026-07-02");
  });

  it("gives the instant a day begins there (winter, summer, the night clocks change, and west of UTC)", () => {
    expect(startOfDayInZone("2027-01-03", "Europe/London").toISOString()).toBe("2027-01-03T00:00:00.000Z");
    expect(startOfDayInZone("2026-07-02", "Europe/London").toISOString()).toBe("2026-07-01T23:00:00.000Z");
    expect(startOfDayInZone("2026-03-29", "Europe/London").toISOString()).toBe("2026-03-29T00:00:00.000Z");
    expect(startOfDayInZone("2026-10-25", "Europe/London").toISOString()).toBe("2026-10-24T23:00:00.000Z");
    expect(startOfDayInZone("2027-01-03", "America/Los_Angeles").toISOString()).toBe("2027-01-03T08:00:00.000Z");
    expect(startOfDayInZone("2027-01-03", "Asia/Kolkata").toISOString()).toBe("2027-01-02T18:30:00.000Z");
    expect(startOfDayInZone("2027-01-03", "Not/AZone").toISOString()).toBe("2027-01-03T00:00:00.000Z");
  });

  it("writes a day as people read it", () => {
    expect(formatDay("2027-01-03")).toBe("3 Jan 2027");
    expect(formatDay("2025-12-31")).toBe("31 Dec 2025");
  });
});
