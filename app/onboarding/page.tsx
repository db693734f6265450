import type { Metadata } from "next";
import { AuthFrame } from "@/components/auth-frame";
import { requireUser } from "@/server/auth/require-user";
import { CreateOrgForm } from "./create-org-form";

export const metadata: Metadata = { title: "Create your organization" };

export default async function OnboardingPage() {
  const user = await requireUser("/onboarding");
  return (
    <AuthFrame title="Create your organization" footer={`Signed in as ${user.email}`}>
      <p className="mb-6 text-sm text-slate-600">
        An organization holds your team, your billing and your companies. Each company pairs one KashFlow account with
        one Sage 100 company.
      </p>
      <CreateOrgForm />
    </AuthFrame>
  );
}
