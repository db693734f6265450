// The unsubscribe page as a plain HTML document: served by a route handler so a bad link answers a real 400.
import { escapeHtml } from "@/server/email/html";

export function unsubscribePageHtml(o: {
  title: string;
  paragraphs: string[];
  form?: { action: string; button: string };
  links?: { label: string; href: string }[];
}): string {
  const p = o.paragraphs.map((t) => `<p>${escapeHtml(t)}</p>`).join("");
  const form = o.form
    ? `<form method="post" action="${escapeHtml(o.form.action)}"><input type="hidden" name="from" value="page"><button type="submit" data-testid="unsubscribe-confirm">${escapeHtml(o.form.button)}</button></form>`
    : "";
  const links = (o.links ?? [])
    .map((l) => `<p><a href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a></p>`)
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(o.title)} · Ledgerlink</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;background:#f8fafc;margin:0;padding:24px}
main{max-width:520px;margin:40px auto;background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:24px}
h1{font-size:20px;margin:0 0 12px}p{line-height:1.5;margin:0 0 12px;font-size:15px}
form{margin:0 0 16px}a{color:#4338ca}.brand{font-weight:600;color:#4338ca;margin:0 0 16px}
button{background:#4338ca;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px;font-weight:600;cursor:pointer}
button:focus-visible{outline:2px solid #312e81;outline-offset:2px}
</style></head><body><main><p class="brand">Ledgerlink</p><h1>${escapeHtml(o.title)}</h1>${p}${form}${links}</main></body></html>`;
}

export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    },
  });
}
