import { describe, expect, it } from "vitest";
import { timeAgo } from "./relative-time";

const now = new Date("2026-11-26T12:00:00Z");
const before = (ms: number) => new Date(now.getTime() - ms);

describe("timeAgo", () => {
  it("says how long ago in words a person reads at a glance", () => {
    expect(timeAgo(before(5_000), now)).toBe("just now");
    expect(timeAgo(before(-5_000), now)).toBe("just now");
    expect(timeAgo(before(60_000), now)).toBe("1 minute ago");
    expect(timeAgo(before(5 * 60_000), now)).toBe("5 minutes ago");
    expect(timeAgo(before(60 * 60_000), now)).toBe("1 hour ago");
    expect(timeAgo(before(3 * 3_600_000), now)).toBe("3 hours ago");
    expect(timeAgo(before(24 * 3_600_000), now)).toBe("1 day ago");
    expect(timeAgo(before(50 * 3_600_000), now)).toBe("2 days ago");
  });
});
