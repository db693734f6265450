// Magic-link sign-in: Auth.js makes the token; our mailer records it in the outbox and sends it through Resend.
import type { EmailConfig } from "next-auth/providers/email";
import { AuthError } from "next-auth";
import { env } from "@/lib/env";
import { email } from "@/lib/schemas";
import { sendEmail } from "@/server/email/mailer";
import { magicLinkEmail } from "@/server/email/templates/magic-link";

export const MAGIC_LINK_MAX_AGE_SECONDS = 60 * 60;

/** Auth.js answers it with a redirect to the sign-in page (?error=EmailSignInError), never a 500. */
class InvalidEmailAddress extends AuthError {
  static type = "EmailSignInError" as const;
  static kind = "signIn" as const;
}

export function magicLinkProvider(): EmailConfig {
  return {
    id: "email",
    type: "email",
    name: "Email",
    from: env().EMAIL_FROM,
    maxAge: MAGIC_LINK_MAX_AGE_SECONDS,
    options: {},
    // A malformed address (NUL, 10 kB, none) is the client's mistake: Auth.js sends it to the error page, not a 500.
    normalizeIdentifier: (identifier) => {
      const parsed = email.safeParse(identifier);
      if (!parsed.success) throw new InvalidEmailAddress("The email address is not valid.");
      return parsed.data;
    },
    async sendVerificationRequest({ identifier, url, token, expires }) {
      const content = magicLinkEmail({ url, expires });
      const sent = await sendEmail({ ...content, to: identifier, kind: "magic-link", secrets: [token] });
      if (sent.status === "FAILED") throw new Error("The sign-in email could not be sent. Please try again.");
    },
  };
}
