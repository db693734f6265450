import { describe, expect, it } from "vitest";
import { parseSyncSettings } from "../settings";
import { dateWaitFor, forwardDateOf, isForwardDated } from "./forward-dated";

const flow = { documentDate: (r: { issueDate: string }) => r.issueDate };
// 23:30 UTC on 2 January is already 3 January in Berlin.
const now = new Date("2027-01-02T23:30:00Z");

describe("forward-dated documents", () => {
  it("are those dated after today in the company's time zone", () => {
    expect(isForwardDated("2027-01-03", { timeZone: "Europe/London", now })).toBe(true);
    expect(isForwardDated("2027-01-03", { timeZone: "Europe/Berlin", now })).toBe(false);
    expect(isForwardDated("2027-01-02", { timeZone: "Europe/London", now })).toBe(false);
    expect(isForwardDated(null, { timeZone: "Europe/London", now })).toBe(false);
    expect(forwardDateOf(flow, { issueDate: "2027-02-01" }, { timeZone: "UTC", now })).toBe("2027-02-01");
    expect(forwardDateOf(flow, { issueDate: "2026-12-01" }, { timeZone: "UTC", now })).toBeNull();
    // A flow whose records have no date never waits.
    expect(forwardDateOf({}, { issueDate: "2027-02-01" }, { timeZone: "UTC", now })).toBeNull();
  });

  it("wait only when the company carries them on their date, until that day begins there", () => {
    const company = { timeZone: "America/New_York", now };
    expect(dateWaitFor(flow, { issueDate: "2027-01-03" }, { ...company, settings: parseSyncSettings({}) })).toBeNull();
    expect(
      dateWaitFor(
        flow,
        { issueDate: "2027-01-03" },
        { ...company, settings: parseSyncSettings({ documents: { futureDated: "on_date" } }) },
      ),
    ).toEqual({
      day: "2027-01-03",
      until: new Date("2027-01-03T05:00:00Z"),
      message: "Waits for its date, 3 Jan 2027",
    });
    expect(
      dateWaitFor(
        flow,
        { issueDate: "2027-01-02" },
        { ...company, settings: parseSyncSettings({ documents: { futureDated: "on_date" } }) },
      ),
    ).toBeNull();
  });
});
