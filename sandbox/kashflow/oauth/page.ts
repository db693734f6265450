// The sandbox's sign-in-and-approve page for the authorization-code flow (driven by Playwright later):
// plain HTML, labelled inputs, no scripts.

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

export interface PageModel {
  action: string;
  clientName: string;
  scope: string;
  hidden: Record<string, string | null>;
  userName?: string;
  error?: string;
}

export function authorizePage(m: PageModel): string {
  const hidden = Object.entries(m.hidden)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v ?? "")}">`)
    .join("\n      ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in to KashFlow (sandbox)</title>
  <style>
    body { font-family: system-ui, sans-serif; background: #f4f6f8; margin: 0; }
    main { max-width: 380px; margin: 8vh auto; background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; }
    h1 { font-size: 1.3rem; margin-top: 0; }
    label { display: block; margin-top: 1rem; font-weight: 600; }
    input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; }
    .buttons { display: flex; gap: .5rem; margin-top: 1.5rem; }
    button { flex: 1; padding: .6rem; font-size: 1rem; cursor: pointer; }
    .error { color: #a00; background: #fee; padding: .5rem; border-radius: 4px; }
    .note { color: #555; font-size: .85rem; }
  </style>
</head>
<body>
  <main>
    <h1>Sign in to KashFlow (sandbox)</h1>
    <p><strong>${esc(m.clientName)}</strong> wants to access your KashFlow sandbox books${m.scope ? ` (<code>${esc(m.scope)}</code>)` : ""}.</p>
    ${m.error ? `<p role="alert" class="error">${esc(m.error)}</p>` : ""}
    <form method="post" action="${esc(m.action)}">
      ${hidden}
      <label for="username">Username</label>
      <input id="username" name="username" type="text" autocomplete="username" value="${esc(m.userName ?? "")}" required>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <label for="memorable_word">Memorable word</label>
      <input id="memorable_word" name="memorable_word" type="password" required>
      <div class="buttons">
        <button type="submit" name="action" value="approve">Approve</button>
        <button type="submit" name="action" value="deny" formnovalidate>Deny</button>
      </div>
    </form>
    <p class="note">This is a Ledgerlink sandbox, not the real KashFlow.</p>
  </main>
</body>
</html>`;
}

export function errorPage(title: string, detail: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1><p role="alert">${esc(detail)}</p></main></body></html>`;
}
