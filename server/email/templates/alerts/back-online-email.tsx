// "Back online": the Sage 100 agent that was reported offline sends heartbeats again. Goes to those who got the
// offline email, so nobody is left thinking it is still down.
import { Text } from "@react-email/components";
import { renderEmail } from "../../render";
import type { EmailContent } from "../../mailer";
import { ActionLink, AlertLayout, styles, type AlertFooter } from "./layout";

export type BackOnlineEmailProps = {
  orgName: string;
  companyName: string;
  title: string;
  offlineSince: string;
  backAt: string;
  link: { label: string; url: string };
  footer: AlertFooter;
};

export function BackOnlineEmail(p: BackOnlineEmailProps) {
  return (
    <AlertLayout
      preview={`Back online: ${p.companyName}`}
      heading={`Sage 100 agent back online at ${p.companyName}`}
      footer={p.footer}
    >
      <Text style={styles.muted}>
        {p.companyName} · {p.orgName}
      </Text>
      <Text style={styles.text}>
        The problem we emailed you about is resolved: <strong>{p.title}</strong>
      </Text>
      <Text style={styles.text}>
        Offline since {p.offlineSince}; back at {p.backAt}. Syncing carries on from where it stopped.
      </Text>
      <ActionLink link={p.link} />
    </AlertLayout>
  );
}

export function backOnlineEmail(p: BackOnlineEmailProps): Promise<EmailContent> {
  return renderEmail(`${p.companyName}: Sage 100 agent back online`, <BackOnlineEmail {...p} />);
}
