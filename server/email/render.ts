// React Email templates to the two parts every email has: HTML, and plain text derived from the same markup.
import { render } from "@react-email/render";
import type { ReactElement } from "react";
import type { EmailContent } from "./mailer";

export async function renderEmail(subject: string, element: ReactElement): Promise<EmailContent> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text };
}
