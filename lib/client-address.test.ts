import { describe, expect, it } from "vitest";
import { appendPeer, clientAddress } from "./client-address";

const from = (forwardedFor?: string) => new Headers(forwardedFor ? { "x-forwarded-for": forwardedFor } : {});

describe("client address", () => {
  it("with no trusted proxy, is the connection's peer (the last hop), whatever the client wrote before it", () => {
    expect(clientAddress(from("6.6.6.6, 7.7.7.7, 192.0.2.10"), 0)).toBe("192.0.2.10");
    expect(clientAddress(from("192.0.2.10"), 0)).toBe("192.0.2.10");
  });

  it("with N trusted proxies, is the hop the farthest trusted proxy saw", () => {
    expect(clientAddress(from("6.6.6.6, 198.51.100.5, 10.0.0.2"), 1)).toBe("198.51.100.5");
    expect(clientAddress(from("6.6.6.6, 198.51.100.5, 10.0.0.3, 10.0.0.2"), 2)).toBe("198.51.100.5");
    // Fewer hops than proxies: it did not come through them all; the leftmost is what there is.
    expect(clientAddress(from("198.51.100.5"), 2)).toBe("198.51.100.5");
  });

  it("counts IPv4-mapped addresses as IPv4 and IPv6 clients by their /64", () => {
    expect(clientAddress(from("::ffff:192.0.2.1"), 0)).toBe("192.0.2.1");
    expect(clientAddress(from("2001:db8:0:12::1"), 0)).toBe("2001:db8:0:12::/64");
    expect(clientAddress(from("2001:db8:0:12:abcd:1:2:3"), 0)).toBe("2001:db8:0:12::/64");
    expect(clientAddress(from("::1"), 0)).toBe("0:0:0:0::/64");
  });

  it("without the header is one 'unknown' client; a hop's length is bounded", () => {
    expect(clientAddress(from(), 0)).toBe("unknown");
    expect(clientAddress(from(`${"x".repeat(5000)}`), 0)).toHaveLength(64);
  });

  it("appends the peer as a proxy would", () => {
    expect(appendPeer(undefined, "192.0.2.1")).toBe("192.0.2.1");
    expect(appendPeer("6.6.6.6", "192.0.2.1")).toBe("6.6.6.6, 192.0.2.1");
    expect(appendPeer(["a", "b"], undefined)).toBe("a, b, unknown");
  });
});
