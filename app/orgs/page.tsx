import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthFrame } from "@/components/auth-frame";
import { buttonClass } from "@/components/ui/button";
import { serverCaller } from "@/server/api/server-caller";
import { requireUser } from "@/server/auth/require-user";
import { ROLE_LABELS } from "@/server/services/roles";

export const metadata: Metadata = { title: "Your organizations" };

export default async function OrgsPage({ searchParams }: { searchParams: Promise<{ pick?: string }> }) {
  await requireUser("/orgs");
  const { pick } = await searchParams;
  const orgs = await (await serverCaller()).org.listMine();
  if (orgs.length === 0) redirect("/onboarding");
  if (orgs.length === 1 && !pick) redirect(`/o/${orgs[0]!.slug}`);
  return (
    <AuthFrame title="Choose an organization">
      <ul className="divide-y divide-slate-100">
        {orgs.map((org) => (
          <li key={org.id}>
            <Link href={`/o/${org.slug}`} className="flex items-center justify-between py-3 hover:text-indigo-700">
              <span className="font-medium">{org.name}</span>
              <span className="text-xs text-slate-500">
                {ROLE_LABELS[org.role]} · {org.companyCount} {org.companyCount === 1 ? "company" : "companies"}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <Link href="/onboarding" className={`${buttonClass("secondary")} mt-6 w-full`}>
        New organization
      </Link>
    </AuthFrame>
  );
}
