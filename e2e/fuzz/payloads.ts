// Generators of hostile input: broken JSON, wrong types, NUL bytes and lone surrogates, huge (bounded) strings, deep
// nesting, prototype-pollution keys, out-of-range numbers, bad percent-encoding. All driven by one seeded PRNG.
import type { Rng } from "./prng";

/** The largest generated body or string: big enough to hurt a handler that reads everything, small enough to be quick. */
export const MAX_HUGE = 200 * 1024;

export const HUGE_LENGTHS = [4 * 1024, 64 * 1024, MAX_HUGE] as const;

const NASTY_STRINGS = [
  "",
  " ",
  "a\u0000b",
  "\u0000",
  "\ud800",
  "x\udfffy",
  "\ud83d",
  "\u0000\ud800\u0000",
  "%00",
  "%zz",
  "../../../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "null",
  "undefined",
  "NaN",
  "-1",
  "1e309",
  "\u202eevil",
  "\ufeffbom",
  "😀".repeat(20),
  "x".repeat(65),
  "javascript:alert(1)",
  "//evil.example",
  "https://evil.example/",
  "__proto__",
  "constructor",
  "\r\nX-Injected: 1",
  "ｃｍｐ",
  "2025-02-30",
  "9999-99-99",
];

const NASTY_NUMBERS = [
  "-0",
  "1e309",
  "-1e309",
  "9007199254740993",
  "-9007199254740993",
  "1.5",
  "-1",
  "0",
  "2147483648",
  "1e-400",
  "0x10",
];

export function nastyString(r: Rng): string {
  if (r.chance(0.03)) return hugeString(r);
  if (r.chance(0.15))
    return `${r.pick(["id_", "c", "lla_", ""])}${r.pick(NASTY_STRINGS)}${r.pick(["", "\u0000", "\udc00"])}`;
  return r.pick(NASTY_STRINGS);
}

export function hugeString(r: Rng): string {
  const length = r.pick(HUGE_LENGTHS);
  return r.pick(["x", "\u0000", "é", "\ud800"]).repeat(length);
}

/** A JSON-encoded value of the wrong kind (as text, so numbers out of range and odd literals survive). */
export function nastyJsonValue(r: Rng, depth = 0): string {
  const kind = r.int(0, depth > 2 ? 5 : 9);
  switch (kind) {
    case 0:
    case 1:
      return JSON.stringify(nastyString(r));
    case 2:
      return r.pick(NASTY_NUMBERS);
    case 3:
      return r.pick(["true", "false", "null", "{}", "[]", '""']);
    case 4:
      return JSON.stringify(r.int(-5, 5));
    case 5:
      return '"c000000000000000000000000"';
    case 6:
      return `[${Array.from({ length: r.int(0, 3) }, () => nastyJsonValue(r, depth + 1)).join(",")}]`;
    case 7:
      return protoPollution(r);
    default:
      return objectOf(r, [nastyKey(r), nastyKey(r)], depth + 1);
  }
}

export function nastyKey(r: Rng): string {
  return r.pick([
    "__proto__",
    "constructor",
    "prototype",
    "a\u0000b",
    "\ud800",
    "",
    "toString",
    "hasOwnProperty",
    "id",
    "x".repeat(300),
  ]);
}

export function protoPollution(r: Rng): string {
  return r.pick([
    '{"__proto__":{"isAdmin":true,"role":"OWNER"}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
    '{"__proto__":null}',
    '{"__proto__":[]}',
    '{"toString":"x","valueOf":1}',
  ]);
}

/** An object with `keys`, each holding a hostile value (valid ones now and then, so later checks are reached). */
export function objectOf(r: Rng, keys: string[], depth = 0, valid: Record<string, unknown> = {}): string {
  const parts = keys.map((key) => {
    const value = Object.hasOwn(valid, key) && r.chance(0.4) ? JSON.stringify(valid[key]) : nastyJsonValue(r, depth);
    return `${JSON.stringify(key)}:${value}`;
  });
  if (r.chance(0.2)) parts.push(`${JSON.stringify(nastyKey(r))}:${nastyJsonValue(r, depth + 1)}`);
  return `{${parts.join(",")}}`;
}

export function deepNesting(r: Rng): string {
  const depth = r.pick([100, 1_000, 5_000, 20_000]);
  return r.chance(0.5) ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const BROKEN_JSON = [
  "{",
  '{"a":',
  "[1,2",
  "nul",
  '{"a":1,}',
  "{'a':1}",
  "",
  " ",
  "\ufeff{}",
  '{"a":"\\u00"}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  "1 2",
  '"unterminated',
  "{}{}",
  "undefined",
  "NaN",
];

/** Raw body bytes that are not what any JSON handler expects. */
export function brokenBody(r: Rng): string | Buffer {
  const kind = r.int(0, 6);
  switch (kind) {
    case 0:
      return r.pick(BROKEN_JSON);
    case 1:
      return Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0xed, 0xa0, 0x80, 0x00]);
    case 2:
      return deepNesting(r);
    case 3:
      return `{"a":${JSON.stringify(hugeString(r))}}`;
    case 4:
      return "a=1&b=%zz&c=%00&__proto__[x]=1";
    case 5:
      return `--xyz\r\nContent-Disposition: form-data; name="${r.pick(["a", "\u0000", "1_$ACTION_ID_x"])}"\r\n\r\n${nastyString(r)}\r\n--xy`;
    default:
      return nastyJsonValue(r);
  }
}

export const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "text/plain;charset=UTF-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "multipart/form-data",
  "application/xml",
  "application/json; charset=utf-16",
  "a/b/c;;;=",
  "",
];

/** A path segment that is not what the route expects: bad percent-encoding, NUL, an encoded lone surrogate, huge. */
export function nastySegment(r: Rng): string {
  return r.pick([
    "%zz",
    "%",
    "%E0%A4%A",
    "%00",
    "a%00b",
    "%ED%A0%80",
    "%C0%AE%C0%AE",
    "..%2f..%2fetc",
    "%2e%2e",
    "%ff%fe",
    "x".repeat(r.pick([65, 2_000, 8_000])),
    "null",
    "-1",
    "1e309",
    "%5B%5D",
    "'%22%3Cx%3E",
    "%F0%9F%98%80",
    "c000000000000000000000000",
    "__proto__",
    "%25",
  ]);
}

/** A query string of hostile parameters (names from the route plus strays). */
export function nastyQuery(r: Rng, names: string[]): string {
  const pairs = [
    ...names.filter(() => r.chance(0.7)),
    ...(r.chance(0.3) ? [r.pick(["__proto__[x]", "a%00", "%zz", "x"])] : []),
  ];
  if (pairs.length === 0) return "";
  return `?${pairs.map((name) => `${name}=${r.chance(0.5) ? nastySegment(r) : encodeLoosely(nastyString(r))}`).join("&")}`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Percent-encodes a string the way a sloppy client would: lone surrogates become U+FFFD, NULs %00. */
export function encodeLoosely(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, "\ufffd"));
}

export function nastyAuthorization(r: Rng): string | undefined {
  return r.pick([
    undefined,
    "Bearer ",
    "Bearer",
    `Bearer lla_${"A".repeat(43)}`,
    `Bearer lla_${Math.floor(r.next() * 1e16).toString(36)}`,
    `Bearer ${"x".repeat(10_000)}`,
    "Basic Zm9vOmJhcg==",
    "bearer lla_\u00ff\u00fe",
    "Bearer lla_%00",
    "Token abc",
    "Bearer null",
  ]);
}

export function nastyCookie(r: Rng): string | undefined {
  return r.pick([
    undefined,
    "authjs.session-token=garbage",
    `authjs.session-token=${"a".repeat(4_000)}`,
    "authjs.session-token=%00%zz",
    "authjs.csrf-token=x%7Cy; authjs.callback-url=javascript%3Aalert(1)",
    "__Secure-authjs.session-token=x",
    "=;;=;",
    "authjs.session-token=\u00ff\u00fe",
  ]);
}

export const WRONG_METHODS = ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "GET", "POST", "FOO"] as const;
