import Link from "next/link";
import { redirect } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { auth } from "@/server/auth";

export default async function HomePage() {
  if ((await auth())?.user) redirect("/orgs");
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wider text-indigo-700">Ledgerlink</p>
      <h1 className="mt-3 text-4xl font-semibold tracking-tight">KashFlow and Sage 100, kept in step.</h1>
      <p className="mt-4 text-lg text-slate-600">
        Stop re-keying invoices, payments and customers between your UK books and your US ERP. Connect both, map once,
        and every document is synced, checked and traceable.
      </p>
      <div className="mt-8 flex gap-3">
        <Link href="/sign-in" className={buttonClass("primary")}>
          Get started
        </Link>
        <Link href="/sign-in" className={buttonClass("secondary")}>
          Sign in
        </Link>
      </div>
    </main>
  );
}
