// Sessions open before session tokens were hashed keep working: the migration hashes them as the adapter does.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createUser } from "@/tests/factories";
import { ledgerlinkAdapter, sessionTokenHash } from "./adapter";

const MIGRATION = path.join(
  import.meta.dirname,
  "../../prisma/migrations/20261206104500_hash_session_tokens/migration.sql",
);

describe("hashing the sessions already open", () => {
  it("a session stored with its raw token is found by its cookie after the migration, and only once hashed", async () => {
    const user = await createUser("pre-hash");
    const token = randomUUID();
    await db.session.create({ data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 60_000) } });
    const sql = fs.readFileSync(MIGRATION, "utf8");
    await db.$executeRawUnsafe(sql);
    await db.$executeRawUnsafe(sql); // a second run leaves hashed tokens alone
    const found = await ledgerlinkAdapter().getSessionAndUser!(token);
    expect(found?.user.id).toBe(user.id);
    expect(await db.session.count({ where: { sessionToken: token } })).toBe(0);
    expect(await db.session.count({ where: { sessionToken: sessionTokenHash(token) } })).toBe(1);
  });
});
