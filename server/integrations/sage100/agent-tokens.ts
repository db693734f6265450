// Agent tokens and pairing codes: random, shown once, stored only as sha256 hashes.
import { randomInt } from "node:crypto";
import { hashToken, newToken } from "@/lib/tokens";

const TOKEN_PREFIX = "lla_";
// No 0/O, 1/I/L: the code is read off a screen and typed on another machine.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;

export function newAgentToken(): string {
  return `${TOKEN_PREFIX}${newToken(32)}`;
}

export function newPairingCode(): string {
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Case, spaces and dashes do not matter when the code is typed back. */
export function normalisePairingCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export function hashPairingCode(code: string): string {
  return hashToken(`pairing:${normalisePairingCode(code)}`);
}

export function hashAgentToken(token: string): string {
  return hashToken(token);
}
