// The hosted pages' frame: plain, accessible HTML (lang, viewport, headings, labels) that reads well at 390 px.
import type { PriceObj, ProductObj } from "../store/types";

export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
}

export function day(ts: number | null | undefined): string {
  if (ts === null || ts === undefined) return "—";
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(
    ts * 1000,
  );
}

/** "Ledgerlink Growth, monthly — $49 per pair (1–5), $39 (6–20), $29 (21+)" */
export function describePrice(price: PriceObj, product: ProductObj | undefined): string {
  const name = product?.name ?? price.product;
  const per = price.recurring.interval === "month" ? "month" : "year";
  if (price.billing_scheme === "tiered" && price.tiers) {
    let from = 1;
    const parts = price.tiers.map((t) => {
      const range = t.up_to === null ? `${from}+` : `${from}–${t.up_to}`;
      from = (t.up_to ?? 0) + 1;
      return `${money(t.unit_amount ?? 0, price.currency)} (${range} pairs)`;
    });
    return `${name}, ${per}ly — per pair per ${per}: ${parts.join(", ")}`;
  }
  return `${name}, ${per}ly — ${money(price.unit_amount ?? 0, price.currency)} per pair per ${per}`;
}

/** "Growth · monthly · $49.00–$29.00 per pair": short enough for a select on a phone. */
export function shortPrice(price: PriceObj, product: ProductObj | undefined): string {
  const name = (product?.name ?? price.product).replace(/^Ledgerlink /, "");
  const interval = price.recurring.interval === "month" ? "monthly" : "yearly";
  const amounts = price.tiers?.map((t) => t.unit_amount ?? 0) ?? [price.unit_amount ?? 0];
  const high = Math.max(...amounts);
  const low = Math.min(...amounts);
  const range =
    high === low ? money(high, price.currency) : `${money(high, price.currency)}–${money(low, price.currency)}`;
  return `${name} · ${interval} · ${range} per pair`;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a2e;background:#f6f8fa}
main{max-width:40rem;margin:0 auto;padding:1rem}
header.test{background:#fff3cd;color:#664d03;padding:.5rem 1rem;font-size:.875rem;text-align:center}
h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.125rem;margin:0 0 .75rem}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{color:#4a4a5e}dd{margin:0;font-weight:600}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,select{width:100%;font:inherit;padding:.625rem;border:1px solid #6e7781;border-radius:6px;background:#fff;color:inherit}
.hint{font-size:.875rem;color:#4a4a5e;margin:.25rem 0 .75rem}
button{font:inherit;font-weight:600;padding:.625rem 1rem;border-radius:6px;border:1px solid #0a3069;background:#0a3069;color:#fff;cursor:pointer;min-height:44px}
button.secondary{background:#fff;color:#0a3069}button.danger{background:#a40e26;border-color:#a40e26}
.row{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;margin-top:.75rem}
a{color:#0a3069}.alert{border:1px solid #a40e26;background:#ffebe9;color:#82071e;padding:.75rem;border-radius:6px;margin:0 0 1rem}
.notice{border:1px solid #1a7f37;background:#dafbe1;color:#0f5323;padding:.75rem;border-radius:6px;margin:0 0 1rem}
table{width:100%;border-collapse:collapse;font-size:.9375rem}th,td{text-align:left;padding:.375rem .25rem;border-bottom:1px solid #d0d7de}
.total{font-size:1.25rem}.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="test" role="banner">Test mode — Ledgerlink's local Stripe stand-in. No real card is charged.</header>
<main>
${body}
</main>
</body>
</html>`;
}
