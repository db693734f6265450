// React Email templates to the two parts every email has: HTML, and plain text derived from that same HTML.
import { render, toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import type { EmailContent } from "./mailer";

export async function renderEmail(subject: string, element: ReactElement): Promise<EmailContent> {
  const html = await render(element);
  return { subject, html, text: toPlainText(html) };
}
