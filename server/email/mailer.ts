// Every email is written to the EmailMessage outbox; with RESEND_API_KEY it is also sent through Resend. Secrets in a
// body (sign-in and invitation tokens) are sent but never stored: the outbox row has "redacted" in their place.
import { Resend } from "resend";
import { env, isDevTools } from "@/lib/env";
import { db } from "@/server/db";
import { rememberFullBody } from "./dev-outbox-memory";

export type EmailContent = { subject: string; text: string; html: string };

export type OutgoingEmail = EmailContent & {
  to: string;
  kind: string;
  orgId?: string | null;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post on alert emails): sent, and kept in the outbox. */
  headers?: Record<string, string>;
  /** Parts of the body that grant access (a sign-in or invitation token): sent, never written to the outbox. */
  secrets?: string[];
};

export const REDACTED = "redacted";

function redact(body: string, secrets: string[]): string {
  return secrets.reduce((text, secret) => (secret ? text.split(secret).join(REDACTED) : text), body);
}

export async function sendEmail(email: OutgoingEmail) {
  const { RESEND_API_KEY, EMAIL_FROM } = env();
  const { headers, secrets = [], ...rest } = email;
  const stored = {
    ...rest,
    text: redact(rest.text, secrets),
    html: redact(rest.html, secrets),
    headers: headers && Object.keys(headers).length > 0 ? headers : undefined,
  };
  // Off production, this process keeps the full body for the dev outbox page (memory only, never a table).
  const kept = <T extends { id: string }>(row: T): T => {
    if (secrets.length > 0 && isDevTools()) rememberFullBody(row.id, { text: rest.text, html: rest.html });
    return row;
  };
  if (!RESEND_API_KEY) {
    return kept(
      await db.emailMessage.create({ data: { ...stored, status: "RECORDED" }, select: { id: true, status: true } }),
    );
  }
  const sent = await new Resend(RESEND_API_KEY).emails
    .send({
      from: EMAIL_FROM,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      headers: stored.headers,
    })
    .catch((error: unknown) => ({
      data: null,
      error: { message: error instanceof Error ? error.message : String(error) },
    }));
  const failed = sent.error ? sent.error.message : null;
  const row = await db.emailMessage.create({
    data: {
      ...stored,
      status: failed ? "FAILED" : "SENT",
      provider: "resend",
      providerId: sent.data?.id ?? null,
      error: failed,
    },
    select: { id: true, status: true },
  });
  return kept(row);
}
