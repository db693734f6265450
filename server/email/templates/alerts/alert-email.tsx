// The immediate alert email: one per company and kind (a run that fails 500 records is one alert with count 500),
// the company and organization named, the counts, and one link to where it is fixed.
import { Section, Text } from "@react-email/components";
import { renderEmail } from "../../render";
import type { EmailContent } from "../../mailer";
import { ActionLink, AlertLayout, styles, type AlertFooter } from "./layout";

export type AlertEmailProps = {
  orgName: string;
  companyName: string;
  kindLabel: string;
  alerts: { title: string; count: number; since: string }[];
  link: { label: string; url: string };
  footer: AlertFooter;
};

const SHOWN = 20;

/** " (500)" unless the sentence already says how many. */
export function countNote(a: { title: string; count: number }): string {
  if (a.count <= 1) return "";
  const n = a.count.toLocaleString("en-GB");
  return a.title.includes(n) || a.title.includes(String(a.count)) ? "" : ` (${n})`;
}

export function AlertEmail(p: AlertEmailProps) {
  const total = p.alerts.reduce((n, a) => n + a.count, 0);
  const summary =
    p.alerts.length === 1
      ? p.alerts[0]!.title
      : `${p.alerts.length} problems (${total.toLocaleString("en-GB")} in all) need attention.`;
  return (
    <AlertLayout preview={summary} heading={`${p.kindLabel} at ${p.companyName}`} footer={p.footer}>
      <Text style={styles.muted}>
        {p.companyName} · {p.orgName}
      </Text>
      {p.alerts.length > 1 ? <Text style={styles.text}>{summary}</Text> : null}
      <Section>
        {p.alerts.slice(0, SHOWN).map((a, i) => (
          <Text key={i} style={styles.text}>
            <strong>{a.title}</strong>
            {countNote(a)} — since {a.since}
          </Text>
        ))}
        {p.alerts.length > SHOWN ? <Text style={styles.muted}>and {p.alerts.length - SHOWN} more.</Text> : null}
      </Section>
      <ActionLink link={p.link} />
    </AlertLayout>
  );
}

export function alertEmailSubject(p: Pick<AlertEmailProps, "companyName" | "kindLabel" | "alerts">): string {
  if (p.alerts.length === 1) return `${p.companyName}: ${p.alerts[0]!.title}`;
  return `${p.companyName}: ${p.kindLabel} — ${p.alerts.length} problems`;
}

export function alertEmail(p: AlertEmailProps): Promise<EmailContent> {
  return renderEmail(alertEmailSubject(p), <AlertEmail {...p} />);
}
