import { ROLE_LABELS } from "@/server/services/roles";
import type { Role } from "@/server/generated/prisma/enums";
import { emailLayout } from "../html";
import type { EmailContent } from "../mailer";

export function invitationEmail(opts: {
  orgName: string;
  inviterName: string;
  role: Role;
  url: string;
  expiresAt: Date;
}): EmailContent {
  const role = ROLE_LABELS[opts.role];
  const until = opts.expiresAt.toUTCString();
  return {
    subject: `${opts.inviterName} invited you to ${opts.orgName} on Ledgerlink`,
    text: `${opts.inviterName} invited you to join ${opts.orgName} on Ledgerlink as ${role}.\n\nAccept the invitation:\n${opts.url}\n\nThe invitation expires ${until}.`,
    html: emailLayout({
      heading: `Join ${opts.orgName} on Ledgerlink`,
      paragraphs: [
        `${opts.inviterName} invited you to join ${opts.orgName} as ${role}.`,
        `The invitation expires ${until}.`,
      ],
      action: { label: "Accept invitation", url: opts.url },
    }),
  };
}
