// GET /unsubscribe?token=… — no sign-in: says what the link turns off and offers one button (POST /api/unsubscribe).
// Nothing changes on GET (mail scanners follow links). A forged, expired or damaged link answers 400.
import { absoluteUrl, preferencesPath } from "@/server/services/alerts/links";
import { readUnsubscribeToken, TOKEN_PROBLEMS, unsubscribeState } from "@/server/services/alerts/unsubscribe";
import { htmlResponse, unsubscribePageHtml } from "./page-html";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const token = new URL(request.url).searchParams.get("token");
  const read = readUnsubscribeToken(token);
  if (!read.ok) {
    return htmlResponse(
      unsubscribePageHtml({
        title: "This link does not work",
        paragraphs: [TOKEN_PROBLEMS[read.problem]],
        links: [{ label: "Sign in to Ledgerlink", href: absoluteUrl("/sign-in") }],
      }),
      400,
    );
  }
  const state = await unsubscribeState(read.claim);
  if (!state) {
    return htmlResponse(
      unsubscribePageHtml({
        title: "Nothing to turn off",
        paragraphs: [
          "You are no longer a member of the organization this email came from, so it will send you nothing more.",
        ],
      }),
    );
  }
  const settings = state.orgs.map((o) => ({
    label: `Notification settings for ${o.name}`,
    href: absoluteUrl(preferencesPath(o.slug)),
  }));
  if (state.done) {
    return htmlResponse(
      unsubscribePageHtml({
        title: "You are unsubscribed",
        paragraphs: [
          `${state.email} no longer gets ${state.what}.`,
          "You can turn it back on at any time in your notification settings.",
        ],
        links: settings,
      }),
    );
  }
  return htmlResponse(
    unsubscribePageHtml({
      title: "Unsubscribe",
      paragraphs: [
        `Stop sending ${state.what} to ${state.email}?`,
        "Other emails stay as they are; the app keeps showing alerts under Notifications.",
      ],
      form: { action: `/api/unsubscribe?token=${encodeURIComponent(token!)}`, button: "Unsubscribe" },
      links: settings,
    }),
  );
}
