// One-click unsubscribe end to end: the token in the email's header, the page (no sign-in), the POST, and the
// next delivery honouring it. A forged, expired or damaged link answers 400, never 500.
import { describe, expect, it } from "vitest";
import { POST, GET as GET_API } from "@/app/api/unsubscribe/route";
import { GET as GET_PAGE } from "@/app/unsubscribe/route";
import { db } from "@/server/db";
import { createAlert, createAlertOrg, emailsTo } from "@/tests/alert-factories";
import { deliverAlerts } from "./deliver";
import { sendDigests } from "./digest";
import { readUnsubscribeToken, unsubscribeToken } from "./unsubscribe";

const T0 = new Date("2026-12-07T10:00:00Z");
const BASE = "http://localhost:3100";

const oneClick = (url: string) =>
  POST(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  );
const page = (token: string) => GET_PAGE(new Request(`${BASE}/unsubscribe?token=${encodeURIComponent(token)}`));

function headerUrl(mail: { headers: unknown }): string {
  return /^<([^>]+)>$/.exec((mail.headers as Record<string, string>)["List-Unsubscribe"]!)![1]!;
}

describe("unsubscribe", () => {
  it("the List-Unsubscribe URL of an alert email turns that kind off for that person in that organization, with one POST", async () => {
    const t = await createAlertOrg("one-click");
    await createAlert(t.company, { firstSeenAt: T0 });
    await deliverAlerts({ now: T0, companyIds: [t.company.id] });
    const [mail] = await emailsTo(t.accountant);
    const url = headerUrl(mail!);
    const token = new URL(url).searchParams.get("token")!;

    // The page says what will be turned off, changes nothing on GET, and offers one button.
    const before = await page(token);
    expect(before.status).toBe(200);
    const html = await before.text();
    expect(html).toContain(`&quot;Failed postings&quot; emails from ${t.org.name}`);
    expect(html).toContain(t.accountant.email);
    expect(html).toContain('data-testid="unsubscribe-confirm"');
    expect(await db.alertPreference.count({ where: { userId: t.accountant.id } })).toBe(0);
    // A mail client that GETs the header URL lands on the page, nothing changed.
    expect((await GET_API(new Request(url))).status).toBe(303);
    expect(await db.alertPreference.count({ where: { userId: t.accountant.id } })).toBe(0);

    const res = await oneClick(url);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    expect(
      await db.alertPreference.findUniqueOrThrow({
        where: { userId_orgId: { userId: t.accountant.id, orgId: t.org.id } },
      }),
    ).toMatchObject({ immediate: { failed_postings: false } });
    expect(await (await page(token)).text()).toContain("You are unsubscribed");
    // Idempotent.
    expect((await oneClick(url)).status).toBe(200);

    // The next failure, after the throttle hour: everyone but the accountant.
    await createAlert(t.company, { firstSeenAt: new Date(T0.getTime() + 2 * 3_600_000) });
    await deliverAlerts({ now: new Date(T0.getTime() + 2 * 3_600_000), companyIds: [t.company.id] });
    expect(await emailsTo(t.accountant)).toHaveLength(1);
    expect(await emailsTo(t.owner)).toHaveLength(2);
  });

  it("the page's button posts to the API and comes back to the page saying it is done", async () => {
    const t = await createAlertOrg("button");
    const token = unsubscribeToken({ userId: t.owner.id, orgId: t.org.id, what: "all" });
    const res = await POST(
      new Request(`${BASE}/api/unsubscribe?token=${encodeURIComponent(token)}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "from=page",
      }),
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/unsubscribe?token=${encodeURIComponent(token)}`);
    const pref = await db.alertPreference.findUniqueOrThrow({
      where: { userId_orgId: { userId: t.owner.id, orgId: t.org.id } },
    });
    expect(pref.digest).toBe("off");
    expect(Object.values(pref.immediate as Record<string, boolean>).every((v) => v === false)).toBe(true);
    expect(await (await page(token)).text()).toContain(`every alert email (immediate and digest) from ${t.org.name}`);
  });

  it("the digest's link stops the digest in every organization of the person", async () => {
    const a = await createAlertOrg("digest-unsub-a");
    const b = await createAlertOrg("digest-unsub-b");
    await db.membership.create({ data: { orgId: b.org.id, userId: a.owner.id, role: "ACCOUNTANT" } });
    await createAlert(a.company, { firstSeenAt: T0 });
    await sendDigests({ now: new Date("2026-12-07T08:00:00Z"), userIds: [a.owner.id] });
    const [digest] = await emailsTo(a.owner, "alert.digest");
    const url = headerUrl(digest!);
    expect(readUnsubscribeToken(new URL(url).searchParams.get("token"))).toMatchObject({
      ok: true,
      claim: { userId: a.owner.id, orgId: "*", what: "digest" },
    });
    expect((await oneClick(url)).status).toBe(200);
    expect(
      (
        await db.alertPreference.findMany({ where: { userId: a.owner.id }, select: { orgId: true, digest: true } })
      ).sort((x, y) => x.orgId.localeCompare(y.orgId)),
    ).toEqual(
      [
        { orgId: a.org.id, digest: "off" },
        { orgId: b.org.id, digest: "off" },
      ].sort((x, y) => x.orgId.localeCompare(y.orgId)),
    );
    expect(await sendDigests({ now: new Date("2026-12-08T08:00:00Z"), userIds: [a.owner.id] })).toMatchObject({
      sent: 0,
    });
  });

  it("answers a forged, expired or damaged link with a clear 400 and changes nothing", async () => {
    const t = await createAlertOrg("forged");
    const good = unsubscribeToken({ userId: t.owner.id, orgId: t.org.id, what: "failed_postings" });
    const [body, sig] = good.split(".");
    const forgedBody = Buffer.from(JSON.stringify({ u: t.admin.id, o: t.org.id, k: "all", exp: 4102444800 })).toString(
      "base64url",
    );
    const expired = unsubscribeToken(
      { userId: t.owner.id, orgId: t.org.id, what: "all" },
      new Date("2020-01-01T00:00:00Z"),
    );
    const cases: [string, RegExp][] = [
      [`${forgedBody}.${sig}`, /not one Ledgerlink sent/],
      [expired, /has expired/],
      [`${body}.${sig!.slice(0, 20)}`, /incomplete or damaged/],
      ["", /incomplete or damaged/],
      ["%00<script>", /incomplete or damaged/],
    ];
    for (const [token, message] of cases) {
      const res = await page(token);
      expect(res.status, token).toBe(400);
      expect(await res.text()).toMatch(message);
      const api = await oneClick(`${BASE}/api/unsubscribe?token=${encodeURIComponent(token)}`);
      expect(api.status, token).toBe(400);
      expect(await api.json()).toMatchObject({ ok: false, message: expect.stringMatching(message) });
    }
    // No token at all.
    expect(
      (await POST(new Request(`${BASE}/api/unsubscribe`, { method: "POST", body: "List-Unsubscribe=One-Click" })))
        .status,
    ).toBe(400);
    expect((await GET_PAGE(new Request(`${BASE}/unsubscribe`))).status).toBe(400);
    expect(await db.alertPreference.count({ where: { orgId: t.org.id } })).toBe(0);
  });
});
