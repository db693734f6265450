// Test support: Auth.js's real route handlers driven the way a browser does (CSRF cookie, form post, the link from
// the outbox, the session cookie), without building Next.js.
import { NextRequest } from "next/server";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { db } from "@/server/db";
import { outboxBody } from "@/server/email/dev-outbox-memory";

export const AUTH_BASE = "http://localhost:3000";

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly address: string) {}

  private keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const value = pair.slice(at + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), value);
    }
    return response;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return { "x-forwarded-for": this.address, ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(await GET(new NextRequest(new URL(path, AUTH_BASE), { headers: this.headers(headers) })));
  }

  async post(path: string, body: string, contentType = "application/x-www-form-urlencoded"): Promise<Response> {
    const request = new NextRequest(new URL(path, AUTH_BASE), {
      method: "POST",
      headers: this.headers({ "content-type": contentType }),
      body,
    });
    return this.keep(await POST(request));
  }

  async csrfToken(): Promise<string> {
    return ((await (await this.get("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  }

  /** Asks for a sign-in link the way the sign-in form's fallback does. */
  async requestLink(email: string, callbackUrl = "/orgs"): Promise<Response> {
    const form = new URLSearchParams({ email, csrfToken: await this.csrfToken(), callbackUrl });
    return this.post("/api/auth/signin/email", form.toString());
  }

  get sessionToken(): string | undefined {
    return this.cookies.get("authjs.session-token");
  }
}

/** The newest sign-in link mailed to `email`, as the person received it. */
export async function sentSignInLink(email: string): Promise<string> {
  const message = await db.emailMessage.findFirstOrThrow({
    where: { to: email, kind: "magic-link" },
    orderBy: { createdAt: "desc" },
  });
  const link = /https?:\/\/\S+\/api\/auth\/callback\/email\?[^\s"<>]+/.exec(outboxBody(message).text)?.[0];
  if (!link) throw new Error(`no sign-in link in the email to ${email}`);
  return link;
}

/** Signs `email` in through a real magic link; returns the browser holding the session cookie and the link used. */
export async function signInByLink(email: string, address: string): Promise<{ browser: Browser; link: string }> {
  const browser = new Browser(address);
  const asked = await browser.requestLink(email);
  if (asked.status !== 302) throw new Error(`sign-in link request answered ${asked.status}`);
  const link = await sentSignInLink(email);
  const url = new URL(link);
  const landed = await browser.get(`${url.pathname}${url.search}`);
  if (!browser.sessionToken) throw new Error(`the sign-in link answered ${landed.status} without a session`);
  return { browser, link };
}
