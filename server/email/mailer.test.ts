import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { db } from "@/server/db";
import { uniqueEmail } from "@/tests/factories";
import { sendEmail } from "./mailer";

// Resend's servers are the true edge: a local HTTP server answers in their place, reached through Resend's own SDK.
async function fakeResend(answer: (body: Record<string, unknown>) => { status: number; json: unknown }) {
  const received: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ ...body, authorization: req.headers.authorization, path: req.url });
      const { status, json } = answer(body);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.RESEND_API_KEY = "re_test_key";
  resetEnvCache();
  return { received, close: () => new Promise((r) => server.close(r)) };
}

afterEach(() => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  resetEnvCache();
});

const content = { subject: "Hello", text: "Hi there https://example.test/x", html: "<p>Hi there</p>" };

describe("mailer", () => {
  it("records every email in the outbox when no provider is configured", async () => {
    const to = uniqueEmail("outbox");
    const sent = await sendEmail({ ...content, to, kind: "test" });
    expect(sent.status).toBe("RECORDED");
    expect(await db.emailMessage.findFirstOrThrow({ where: { to } })).toMatchObject({
      subject: "Hello",
      provider: null,
    });
  });

  it("sends through Resend with the API key and records the provider's id", async () => {
    const resend = await fakeResend(() => ({ status: 200, json: { id: "email_123" } }));
    try {
      const to = uniqueEmail("resend");
      const sent = await sendEmail({ ...content, to, kind: "test" });
      expect(sent.status).toBe("SENT");
      expect(resend.received).toEqual([
        expect.objectContaining({ to: to, subject: "Hello", authorization: "Bearer re_test_key", path: "/emails" }),
      ]);
      expect(await db.emailMessage.findFirstOrThrow({ where: { to } })).toMatchObject({
        status: "SENT",
        provider: "resend",
        providerId: "email_123",
      });
    } finally {
      await resend.close();
    }
  });

  it("sends extra headers (List-Unsubscribe) through Resend and keeps them in the outbox", async () => {
    const resend = await fakeResend(() => ({ status: 200, json: { id: "email_456" } }));
    try {
      const to = uniqueEmail("headers");
      const headers = {
        "List-Unsubscribe": "<https://app.example.test/api/unsubscribe?token=abc>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      };
      await sendEmail({ ...content, to, kind: "test", headers });
      expect(resend.received).toEqual([expect.objectContaining({ to, headers })]);
      expect((await db.emailMessage.findFirstOrThrow({ where: { to } })).headers).toEqual(headers);
    } finally {
      await resend.close();
    }
  });

  it("keeps the headers of an email recorded without a provider", async () => {
    const to = uniqueEmail("outbox-headers");
    await sendEmail({
      ...content,
      to,
      kind: "test",
      headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    });
    expect((await db.emailMessage.findFirstOrThrow({ where: { to } })).headers).toEqual({
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("keeps a failed send in the outbox with Resend's reason", async () => {
    const resend = await fakeResend(() => ({
      status: 422,
      json: { name: "validation_error", message: "Invalid `to` field.", statusCode: 422 },
    }));
    try {
      const to = uniqueEmail("bounce");
      const sent = await sendEmail({ ...content, to, kind: "test" });
      expect(sent.status).toBe("FAILED");
      expect((await db.emailMessage.findFirstOrThrow({ where: { to } })).error).toContain("Invalid `to` field.");
    } finally {
      await resend.close();
    }
  });
});
