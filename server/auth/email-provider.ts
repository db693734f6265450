// Magic-link sign-in: Auth.js makes the token; our mailer records it in the outbox and sends it through Resend.
import type { EmailConfig } from "next-auth/providers/email";
import { env } from "@/lib/env";
import { sendEmail } from "@/server/email/mailer";
import { magicLinkEmail } from "@/server/email/templates/magic-link";

export const MAGIC_LINK_MAX_AGE_SECONDS = 60 * 60;

export function magicLinkProvider(): EmailConfig {
  return {
    id: "email",
    type: "email",
    name: "Email",
    from: env().EMAIL_FROM,
    maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
    options: {},
    normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
    async sendVerificationRequest({ identifier, url, expires }) {
      const sent = await sendEmail({ ...magicLinkEmail({ url, expires }), to: identifier, kind: "magic-link" });
      if (sent.status === "FAILED") throw new Error("The sign-in email could not be sent. Please try again.");
    },
  };
}
