import Link from "next/link";
import type { ReactNode } from "react";

export function AuthFrame({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 text-xl font-semibold tracking-tight text-indigo-700">
        Ledgerlink
      </Link>
      <div className="w-full max-w-md rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <h1 className="mb-6 text-xl font-semibold">{title}</h1>
        {children}
      </div>
      {footer ? <div className="mt-6 max-w-md text-center text-sm text-slate-600">{footer}</div> : null}
    </main>
  );
}

export function DemoHint() {
  return (
    <div className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="demo-hint">
      <strong>Local demo:</strong> sign in as <code className="font-mono">demo@ledgerlink.local</code>, then open the{" "}
      <Link href="/dev/outbox" className="font-medium underline">
        dev outbox
      </Link>{" "}
      and click the sign-in link. No email leaves this machine.
    </div>
  );
}
