// The frame of every alert email: heading, body, and a footer saying why it came and how to stop it.
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import type { ReactNode } from "react";

export type AlertFooter = {
  /** "You get this because you are an Accountant in Demo Accounting and Failed postings emails are on." */
  reason: string;
  preferences: { label: string; url: string }[];
  unsubscribe: { label: string; url: string };
};

export const styles = {
  body: {
    backgroundColor: "#f8fafc",
    fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif",
    color: "#0f172a",
    margin: 0,
    padding: "24px 0",
  },
  container: {
    backgroundColor: "#ffffff",
    maxWidth: "600px",
    margin: "0 auto",
    padding: "24px",
    borderRadius: "8px",
    border: "1px solid #e2e8f0",
  },
  heading: { fontSize: "20px", lineHeight: "28px", margin: "0 0 8px" },
  subheading: { fontSize: "16px", lineHeight: "24px", margin: "20px 0 4px" },
  muted: { fontSize: "13px", lineHeight: "20px", color: "#475569", margin: "0 0 12px" },
  text: { fontSize: "14px", lineHeight: "22px", margin: "0 0 8px" },
  link: { color: "#4338ca", textDecoration: "underline" },
  button: {
    backgroundColor: "#4338ca",
    color: "#ffffff",
    padding: "10px 18px",
    borderRadius: "6px",
    textDecoration: "none",
    fontSize: "14px",
    fontWeight: 600,
    display: "inline-block",
  },
  footer: { fontSize: "12px", lineHeight: "18px", color: "#64748b", margin: "0 0 6px" },
} as const;

export function AlertLayout({
  preview,
  heading,
  children,
  footer,
}: {
  preview: string;
  heading: string;
  children: ReactNode;
  footer: AlertFooter;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          {children}
          <Hr style={{ borderColor: "#e2e8f0", margin: "24px 0 12px" }} />
          <Section>
            <Text style={styles.footer}>{footer.reason}</Text>
            {footer.preferences.map((p) => (
              <Text key={p.url} style={styles.footer}>
                <Link href={p.url} style={styles.link}>
                  {p.label}
                </Link>
              </Text>
            ))}
            <Text style={styles.footer}>
              <Link href={footer.unsubscribe.url} style={styles.link}>
                {footer.unsubscribe.label}
              </Link>
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

/** The one thing to do, as a button and as a link to paste (some mail clients strip buttons). */
export function ActionLink({ link }: { link: { url: string; label: string } }) {
  return (
    <>
      <Section style={{ margin: "20px 0 8px" }}>
        <Button href={link.url} style={styles.button}>
          {link.label}
        </Button>
      </Section>
      <Text style={styles.muted} data-skip-in-text="true">
        Or paste this link into your browser: {link.url}
      </Text>
    </>
  );
}
