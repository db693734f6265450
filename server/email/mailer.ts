// Every email is written to the EmailMessage outbox; with RESEND_API_KEY it is also sent through Resend.
import { Resend } from "resend";
import { env } from "@/lib/env";
import { db } from "@/server/db";

export type EmailContent = { subject: string; text: string; html: string };

export type OutgoingEmail = EmailContent & {
  to: string;
  kind: string;
  orgId?: string | null;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post on alert emails): sent, and kept in the outbox. */
  headers?: Record<string, string>;
};

export async function sendEmail(email: OutgoingEmail) {
  const { RESEND_API_KEY, EMAIL_FROM } = env();
  const { headers, ...rest } = email;
  const stored = { ...rest, headers: headers && Object.keys(headers).length > 0 ? headers : undefined };
  if (!RESEND_API_KEY) {
    return db.emailMessage.create({ data: { ...stored, status: "RECORDED" }, select: { id: true, status: true } });
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
  return db.emailMessage.create({
    data: {
      ...stored,
      status: failed ? "FAILED" : "SENT",
      provider: "resend",
      providerId: sent.data?.id ?? null,
      error: failed,
    },
    select: { id: true, status: true },
  });
}
