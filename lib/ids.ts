// Row ids for rows our own multi-row SQL inserts, shaped and ordered like Prisma's cuid() defaults (time first), so
// lists that page on the id (roughly creation order) treat them like any other row.
import { randomBytes } from "node:crypto";

const BLOCK = 36 ** 4;
let counter = Math.floor(Math.random() * BLOCK);
const fingerprint = (process.pid % BLOCK).toString(36).padStart(4, "0");

export function newId(): string {
  counter = (counter + 1) % BLOCK;
  const random = randomBytes(6).readUIntBE(0, 6).toString(36).padStart(10, "0").slice(-8);
  return `c${Date.now().toString(36).padStart(8, "0")}${counter.toString(36).padStart(4, "0")}${fingerprint}${random}`;
}
