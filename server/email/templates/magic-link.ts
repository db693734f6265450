import { emailLayout } from "../html";
import type { EmailContent } from "../mailer";

export function magicLinkEmail({ url, expires }: { url: string; expires: Date }): EmailContent {
  const minutes = Math.max(1, Math.round((expires.getTime() - Date.now()) / 60_000));
  const validity = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  return {
    subject: "Your Ledgerlink sign-in link",
    text: `Sign in to Ledgerlink:\n${url}\n\nThe link works once and expires in ${validity}. If you did not ask for it, ignore this email.`,
    html: emailLayout({
      heading: "Sign in to Ledgerlink",
      paragraphs: [`Click the button to sign in. The link works once and expires in ${validity}.`],
      action: { label: "Sign in", url },
      footer: "If you did not ask for this email, you can ignore it.",
    }),
  };
}
