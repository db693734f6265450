// The one-time code, when it expires, and the exact commands to run on the Sage 100 server.

function CommandLine({ children }: { children: string }) {
  return (
    <pre className="overflow-x-auto relative rounded bg-slate-900 px-3 py-2 text-xs text-slate-100">{children}</pre>
  );
}

export function PairingInstructions({ code, expiresAt, server }: { code: string; expiresAt: Date; server: string }) {
  return (
    <div className="space-y-3 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="sage100-pairing">
      <p className="text-sm">
        Pairing code{" "}
        <span className="font-mono text-lg font-semibold tracking-widest" data-testid="sage100-pairing-code">
          {code}
        </span>
        <span className="text-slate-500"> — single use, expires at {expiresAt.toLocaleTimeString()}.</span>
      </p>
      <p className="text-sm text-slate-600">
        On the Sage 100 server (Windows, Node.js 20 or later), install the agent from the Ledgerlink repository, then
        pair and run it:
      </p>
      <CommandLine>{`npm install --global ./agent      # from a Ledgerlink checkout; on Windows also: npm install --global winax odbc`}</CommandLine>
      <CommandLine>{`ledgerlink-agent pair ${code} --server ${server} --driver boi --company ABC --sage-home "\\\\SAGESERVER\\Sage\\MAS90\\Home" --sage-user LEDGERLINK --sage-password ******** --odbc "DSN=LEDGERLINK"`}</CommandLine>
      <CommandLine>{"ledgerlink-agent run"}</CommandLine>
      <p className="text-sm text-slate-600">
        No Sage 100 at hand? The agent runs against the simulator from a Ledgerlink checkout:
      </p>
      <CommandLine>{`npx tsx agent/src/cli.ts pair ${code} --server ${server} --driver simulator && npx tsx agent/src/cli.ts run`}</CommandLine>
    </div>
  );
}
