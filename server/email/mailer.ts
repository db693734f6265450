// Every email is written to the EmailMessage outbox; with RESEND_API_KEY it is also sent through Resend.
import { Resend } from "resend";
import { env } from "@/lib/env";
import { db } from "@/server/db";

export type EmailContent = { subject: string; text: string; html: string };

export type OutgoingEmail = EmailContent & { to: string; kind: string; orgId?: string | null };

export async function sendEmail(email: OutgoingEmail) {
  const { RESEND_API_KEY, EMAIL_FROM } = env();
  if (!RESEND_API_KEY) {
    return db.emailMessage.create({ data: { ...email, status: "RECORDED" }, select: { id: true, status: true } });
  }
  const sent = await new Resend(RESEND_API_KEY).emails
    .send({ from: EMAIL_FROM, to: email.to, subject: email.subject, text: email.text, html: email.html })
    .catch((error: unknown) => ({ data: null, error: { message: error instanceof Error ? error.message : String(error) } }));
  const failed = sent.error ? sent.error.message : null;
  return db.emailMessage.create({
    data: { ...email, status: failed ? "FAILED" : "SENT", provider: "resend", providerId: sent.data?.id ?? null, error: failed },
    select: { id: true, status: true },
  });
}
