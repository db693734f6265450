import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold" data-testid="not-found">
        Page not found
      </h1>
      <p className="mt-2 max-w-md text-slate-600">It does not exist, or you do not have access to it.</p>
      <Link href="/orgs" className={`${buttonClass("secondary")} mt-6`}>
        Back to your organizations
      </Link>
    </main>
  );
}
