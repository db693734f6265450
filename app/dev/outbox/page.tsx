import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { isDevTools } from "@/lib/env";
import { db } from "@/server/db";
import { outboxBody } from "@/server/email/dev-outbox-memory";
import { REDACTED } from "@/server/email/mailer";

export const metadata: Metadata = { title: "Dev outbox" };
export const dynamic = "force-dynamic";

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/** Every email the app has written, newest first, with its links clickable. Not served in production. */
export default async function OutboxPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  if (!isDevTools()) notFound();
  const asked = (await searchParams).to;
  // Postgres refuses NUL in text: a typed-in address with one matches nothing rather than failing the page.
  const to = typeof asked === "string" ? asked.replaceAll("\u0000", "") : undefined;
  const stored = await db.emailMessage.findMany({
    where: to ? { to: to.toLowerCase() } : {},
    orderBy: { createdAt: "desc" },
    take: 50,
  });
  // Sign-in and invitation links are in this server's memory only; after a restart their rows show them redacted.
  const emails = stored.map(outboxBody);
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <h1 className="text-2xl font-semibold">Dev outbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        Every email Ledgerlink wrote on this machine, newest first{to ? ` (to ${to})` : ""}. Sign-in and invitation
        links work from here until the server restarts (the database keeps them redacted).
      </p>
      <ul className="mt-6 space-y-4">
        {emails.length === 0 ? <li className="text-sm text-slate-500">No emails yet.</li> : null}
        {emails.map((m) => (
          <li
            key={m.id}
            className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200"
            data-testid="outbox-email"
            data-to={m.to}
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-medium">{m.subject}</p>
              <p className="text-xs text-slate-500">
                {m.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC · {m.status.toLowerCase()}
              </p>
            </div>
            <p className="text-sm text-slate-600">To: {m.to}</p>
            <div className="mt-3 space-y-1">
              {[...new Set(m.text.match(URL_PATTERN) ?? [])]
                .filter((url) => !url.includes(REDACTED))
                .map((url) => (
                  <a
                    key={url}
                    href={url}
                    className="block break-all text-sm font-medium text-indigo-700 underline"
                    data-testid="outbox-link"
                  >
                    {url}
                  </a>
                ))}
            </div>
            <details className="mt-3 text-sm" data-testid="outbox-body">
              <summary className="cursor-pointer text-slate-700">Show the email</summary>
              {m.headers ? (
                <pre className="mt-2 whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs text-slate-600">
                  {Object.entries(m.headers as Record<string, string>)
                    .map(([k, v]) => `${k}: ${v}`)
                    .join("\n")}
                </pre>
              ) : null}
              {/* The HTML part as a mail client shows it (sandboxed: no scripts, no same-origin access). */}
              <iframe
                title={`Email: ${m.subject}`}
                srcDoc={m.html}
                sandbox=""
                className="mt-2 h-96 w-full rounded ring-1 ring-slate-200"
              />
              <pre className="mt-2 whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-xs text-slate-700">
                {m.text}
              </pre>
            </details>
            {m.error ? <p className="mt-2 text-sm text-red-600">Send failed: {m.error}</p> : null}
          </li>
        ))}
      </ul>
    </main>
  );
}
