// The digest: one per person across all their organizations, grouped organization → company, each open problem
// with its count and the link that fixes it.
import { Heading, Link, Section, Text } from "@react-email/components";
import { renderEmail } from "../../render";
import type { EmailContent } from "../../mailer";
import { countNote } from "./alert-email";
import { AlertLayout, styles, type AlertFooter } from "./layout";

export type DigestEmailProps = {
  /** "Daily" or "Weekly" */
  frequency: string;
  day: string;
  orgs: {
    name: string;
    notificationsUrl: string;
    companies: {
      name: string;
      url: string;
      alerts: { title: string; kindLabel: string; count: number; url: string; since: string }[];
      more: number;
    }[];
    /** Companies with open problems left out to keep the email short (they are on the notifications page). */
    hidden: { companies: number; problems: number };
    /** Companies of the organization with nothing open. */
    quietCompanies: number;
  }[];
  footer: AlertFooter;
};

export function digestTotals(p: Pick<DigestEmailProps, "orgs">) {
  let problems = 0;
  let companies = 0;
  for (const org of p.orgs) {
    companies += org.hidden.companies;
    problems += org.hidden.problems;
    for (const c of org.companies) {
      companies += 1;
      problems += c.alerts.length + c.more;
    }
  }
  return { problems, companies };
}

export function DigestEmail(p: DigestEmailProps) {
  const { problems, companies } = digestTotals(p);
  const summary = `${problems} open ${problems === 1 ? "problem" : "problems"} in ${companies} ${companies === 1 ? "company" : "companies"}`;
  const others = p.orgs.filter((org) => org.companies.length === 0 && org.hidden.companies > 0);
  return (
    <AlertLayout preview={summary} heading={`${p.frequency} digest: ${summary}`} footer={p.footer}>
      <Text style={styles.muted}>{p.day}</Text>
      {p.orgs
        .filter((org) => org.companies.length > 0)
        .map((org) => (
          <Section key={org.name} style={{ margin: "16px 0 0" }}>
            <Heading as="h2" style={styles.subheading}>
              {org.name}
            </Heading>
            {org.companies.map((c) => (
              <Section
                key={c.url}
                style={{ margin: "8px 0 0 0", paddingLeft: "12px", borderLeft: "3px solid #c7d2fe" }}
              >
                <Text style={{ ...styles.text, fontWeight: 600 }}>
                  <Link href={c.url} style={{ ...styles.link, color: "#0f172a" }}>
                    {c.name}
                  </Link>
                </Text>
                {c.alerts.map((a, i) => (
                  <Text key={i} style={styles.text}>
                    {a.kindLabel}:{" "}
                    <Link href={a.url} style={styles.link}>
                      {a.title}
                    </Link>
                    {countNote(a)} — since {a.since}
                  </Text>
                ))}
                {c.more > 0 ? (
                  <Text style={styles.muted}>
                    and {c.more} more —{" "}
                    <Link href={c.url} style={styles.link}>
                      see them all
                    </Link>
                  </Text>
                ) : null}
              </Section>
            ))}
            {org.hidden.companies > 0 ? (
              <Text style={styles.text}>
                {`And ${plural(org.hidden.companies, "company", "companies")} with ${plural(org.hidden.problems, "open problem", "open problems")} — `}
                <Link href={org.notificationsUrl} style={styles.link}>
                  {`see them in ${org.name}`}
                </Link>
              </Text>
            ) : null}
            {org.quietCompanies > 0 ? (
              <Text style={styles.muted}>
                {org.quietCompanies} other {org.quietCompanies === 1 ? "company has" : "companies have"} nothing open.
              </Text>
            ) : null}
          </Section>
        ))}
      {others.length > 0 ? (
        // Past the size limit: one line per organization, so a firm with hundreds of clients still gets a short email.
        <Section style={{ margin: "16px 0 0" }}>
          <Heading as="h2" style={styles.subheading}>
            {p.orgs.some((org) => org.companies.length > 0)
              ? "Other organizations with open problems"
              : "Organizations with open problems"}
          </Heading>
          {others.map((org) => (
            <Text key={org.name} style={styles.text}>
              <Link href={org.notificationsUrl} style={styles.link}>
                {org.name}
              </Link>
              {`: ${plural(org.hidden.companies, "company", "companies")}, ${plural(org.hidden.problems, "open problem", "open problems")}`}
            </Text>
          ))}
        </Section>
      ) : null}
    </AlertLayout>
  );
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export function digestSubject(p: Pick<DigestEmailProps, "orgs" | "frequency">): string {
  const { problems, companies } = digestTotals(p);
  const orgs = p.orgs.length;
  return `Ledgerlink ${p.frequency.toLowerCase()} digest: ${problems} open ${problems === 1 ? "problem" : "problems"} in ${companies} ${companies === 1 ? "company" : "companies"}${orgs > 1 ? ` across ${orgs} organizations` : ""}`;
}

export function digestEmail(p: DigestEmailProps): Promise<EmailContent> {
  return renderEmail(digestSubject(p), <DigestEmail {...p} />);
}
