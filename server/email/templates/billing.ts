// Billing emails to an organization's owners: trial ending, payment failed, sync paused for billing, resumed. Plain
// words, one link: the billing page (which opens Stripe's Customer Portal for the card and invoices).
import { emailLayout } from "../html";
import type { EmailContent } from "../mailer";

const day = (d: Date) =>
  d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function email(o: {
  subject: string;
  heading: string;
  paragraphs: string[];
  action: { label: string; url: string };
}): EmailContent {
  const text = `${o.paragraphs.join("\n\n")}\n\n${o.action.label}:\n${o.action.url}\n`;
  return {
    subject: o.subject,
    text,
    html: emailLayout({
      heading: o.heading,
      paragraphs: o.paragraphs,
      action: o.action,
      footer: "You receive this because you are an owner of this organization on Ledgerlink.",
    }),
  };
}

export function trialEndingEmail(o: { orgName: string; trialEndsAt: Date; billingUrl: string }): EmailContent {
  return email({
    subject: `${o.orgName}: your Ledgerlink trial ends on ${day(o.trialEndsAt)}`,
    heading: "Your free trial is ending",
    paragraphs: [
      `The free trial of ${o.orgName} ends on ${day(o.trialEndsAt)}.`,
      "To keep KashFlow and Sage 100 in step after that, choose a plan. Plans are priced per integration pair, monthly or yearly, with no transaction fees.",
      "If you do nothing, syncing pauses when the trial ends. Nothing is deleted: choosing a plan later resumes it where it stopped.",
    ],
    action: { label: "Choose a plan", url: o.billingUrl },
  });
}

export function paymentFailedEmail(o: { orgName: string; graceEndsAt: Date; billingUrl: string }): EmailContent {
  return email({
    subject: `${o.orgName}: a Ledgerlink payment failed`,
    heading: "A payment failed",
    paragraphs: [
      `We could not take the latest payment for ${o.orgName}'s Ledgerlink subscription.`,
      `Syncing carries on until ${day(o.graceEndsAt)}. Please update the card before then: the billing page opens the secure Stripe portal where you can change it and see your invoices.`,
      "If the payment is still outstanding on that day, syncing pauses. Nothing is deleted, and paying resumes it where it stopped.",
    ],
    action: { label: "Update payment details", url: o.billingUrl },
  });
}

export function syncPausedForBillingEmail(o: {
  orgName: string;
  companyNames: string[];
  why: string;
  billingUrl: string;
}): EmailContent {
  return email({
    subject: `${o.orgName}: syncing is paused for billing`,
    heading: "Syncing is paused for billing",
    paragraphs: [
      `${o.why} We have paused syncing for: ${o.companyNames.join(", ")}.`,
      "Nothing is deleted. Your KashFlow and Sage 100 data stay as they are, and nothing is written to either until syncing resumes.",
      "Choose a plan or update the payment details, and syncing resumes where it stopped.",
    ],
    action: { label: "Resolve billing", url: o.billingUrl },
  });
}

export function syncResumedEmail(o: { orgName: string; companyNames: string[]; billingUrl: string }): EmailContent {
  return email({
    subject: `${o.orgName}: syncing has resumed`,
    heading: "Syncing has resumed",
    paragraphs: [
      `Thank you: billing for ${o.orgName} is in order again. Syncing has resumed for: ${o.companyNames.join(", ")}.`,
      "It carries on from where it stopped, so changes made while it was paused are picked up now.",
    ],
    action: { label: "See billing", url: o.billingUrl },
  });
}
