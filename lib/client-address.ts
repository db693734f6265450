// Who is asking, for rate limits: the X-Forwarded-For hop written by the nearest proxy we trust, never an entry the
// client could have written itself. The app's own HTTP server appends the connection's address (stamp-peer-address),
// so the chain always ends with the socket's peer; each trusted proxy in front adds one more hop we may believe.

const FORWARDED_FOR = "x-forwarded-for";
const MAX_ADDRESS_LENGTH = 64;

/** The client's address, given how many proxies in front of the app are trusted (0 = the connection's peer). */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const hops = (headers.get(FORWARDED_FOR) ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  if (hops.length === 0) return "unknown";
  // Fewer hops than proxies: the request did not come through all of them, so the leftmost is the best we know.
  const hop = hops[Math.max(0, hops.length - 1 - trustedProxies)]!;
  return normaliseAddress(hop);
}

/** "::ffff:192.0.2.1" is 192.0.2.1; an IPv6 client counts by its /64 (one customer's network, not one of 2^64). */
export function normaliseAddress(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").slice(0, MAX_ADDRESS_LENGTH);
  if (!plain.includes(":") || !/^[0-9a-f:]+$/i.test(plain)) return plain;
  const [head = "", tail = ""] = plain.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = plain.includes("::")
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Appends the connection's peer to X-Forwarded-For, as a proxy would (the app's HTTP server does it per request). */
export function appendPeer(forwardedFor: string | string[] | undefined, peer: string | undefined): string {
  const existing = Array.isArray(forwardedFor) ? forwardedFor.join(", ") : (forwardedFor ?? "");
  const self = peer || "unknown";
  return existing.trim() ? `${existing}, ${self}` : self;
}
