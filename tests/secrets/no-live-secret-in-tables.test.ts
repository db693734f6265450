// Someone who can read the database (a backup, a read replica, a support query) finds no live secret in it: after a
// sign-in, an invitation, a KashFlow connection and an agent pairing, every text column of every table is searched
// for each secret a person or agent received by the normal route.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as pair } from "@/app/api/agent/pair/route";
import { resetEnvCache } from "@/lib/env";
import { createKashflowSandbox } from "@/sandbox/kashflow";
import { signInByLink } from "@/server/auth/testing/auth-client";
import { db } from "@/server/db";
import { outboxBody } from "@/server/email/dev-outbox-memory";
import { createPairingCode } from "@/server/integrations/sage100/pairing";
import { callerFor, createCompany, createOrg, createUser, uniqueEmail } from "@/tests/factories";

const ADMIN_KEY = "secrets-admin";
const sandbox = createKashflowSandbox({ adminKey: ADMIN_KEY });
let sandboxUrl = "";
let closeSandbox: () => Promise<void>;

beforeAll(async () => {
  ({ url: sandboxUrl, close: closeSandbox } = await sandbox.listen(0));
  Object.assign(process.env, { KASHFLOW_API_BASE_URL: `${sandboxUrl}/v2` });
  resetEnvCache();
});

afterAll(async () => {
  await closeSandbox();
});

type Column = { table_name: string; column_name: string };

/** Every (table, column) of text, varchar, json or array type holding any of `needles`. */
async function columnsHolding(needles: string[]): Promise<string[]> {
  const columns = await db.$queryRaw<Column[]>`
    SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema()
       AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'bytea')`;
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    const rows = await db.$queryRawUnsafe<Array<{ needle: string }>>(
      `SELECT n AS needle FROM unnest($1::text[]) AS n
        WHERE EXISTS (SELECT 1 FROM "${table_name}" t WHERE strpos(t."${column_name}"::text, n) > 0)`,
      needles,
    );
    for (const { needle } of rows) found.push(`${table_name}.${column_name} holds ${needle.slice(0, 6)}…`);
  }
  return found;
}

async function kashflowAccount(name: string) {
  const res = await fetch(`${sandboxUrl}/admin/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-admin-key": ADMIN_KEY },
    body: JSON.stringify({ CompanyName: name, DataSet: "empty" }),
  });
  return (await res.json()) as { UserName: string; Password: string; MemorableWord: string };
}

describe("no live secret in any table", () => {
  it("after a sign-in, an invitation, a KashFlow connection and an agent pairing", async () => {
    const secrets: Record<string, string> = {};

    // A sign-in: the link's token and the session cookie.
    const email = uniqueEmail("secrets");
    const { browser, link } = await signInByLink(email, `192.0.2.${Math.floor(Math.random() * 250)}-${randomUUID()}`);
    secrets.signInToken = new URL(link).searchParams.get("token")!;
    secrets.sessionToken = browser.sessionToken!;
    // A second link, still unused (live for an hour).
    await browser.requestLink(email);
    const unused = await db.emailMessage.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
    secrets.unusedSignInToken = /[?&]token=([^&\s"]+)/.exec(outboxBody(unused).text)![1]!;

    // An invitation: the token in the mailed link.
    const owner = await createUser("secrets-owner");
    const org = await createOrg(owner);
    const invitee = uniqueEmail("secrets-invitee");
    await callerFor(owner).team.invite({ orgId: org.id, email: invitee, role: "VIEWER" });
    const invitation = await db.emailMessage.findFirstOrThrow({ where: { to: invitee, kind: "invitation" } });
    secrets.invitationToken = /\/invite\/([A-Za-z0-9_-]+)/.exec(outboxBody(invitation).text)![1]!;

    // A KashFlow connection: the password and memorable word typed in.
    const company = await createCompany(org);
    const account = await kashflowAccount("Secrets Ltd");
    await callerFor(owner).kashflow.connectWithPassword({
      companyId: company.id,
      username: account.UserName,
      password: account.Password,
      memorableWord: account.MemorableWord,
    });
    secrets.kashflowPassword = account.Password;
    secrets.kashflowMemorableWord = account.MemorableWord;

    // An agent pairing: the code shown on the company page and the token the agent received.
    const { code } = await createPairingCode({ orgId: org.id, companyId: company.id, userId: owner.id });
    const paired = await pair(
      new Request("http://localhost/api/agent/pair", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.1-${randomUUID()}` },
        body: JSON.stringify({ code, hostname: "sage-server", agentVersion: "0.1.0", driver: "simulator" }),
      }),
    );
    expect(paired.status).toBe(200);
    secrets.pairingCode = code;
    secrets.pairingCodeTyped = code.replace("-", "");
    secrets.agentToken = ((await paired.json()) as { token: string }).token;

    for (const [name, value] of Object.entries(secrets)) expect(value.length, name).toBeGreaterThanOrEqual(8);
    // The search works: what is meant to be stored is found.
    expect(await columnsHolding([invitee, account.UserName])).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Invitation\.email/),
        expect.stringMatching(/^KashflowConnection/),
      ]),
    );
    expect(await columnsHolding(Object.values(secrets))).toEqual([]);
  });
});
