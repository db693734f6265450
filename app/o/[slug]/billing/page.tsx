import type { Metadata } from "next";
import { BillingSummary } from "@/components/billing/billing-summary";
import { ownersWords } from "@/components/billing/billing-words";
import { CheckoutReturnNotice } from "@/components/billing/checkout-return-notice";
import { InvoiceList } from "@/components/billing/invoice-list";
import { ManageBillingButton } from "@/components/billing/manage-billing-button";
import { PlanPicker } from "@/components/billing/plan-picker";
import { Card, PageHeader } from "@/components/ui/card";
import { loadOrg } from "../load-org";

export const metadata: Metadata = { title: "Billing" };

const DESCRIPTION = "Priced per integration pair (a company that is syncing), monthly or yearly. No transaction fees.";

export default async function BillingPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { slug } = await params;
  const checkout = (await searchParams).checkout;
  const { org, caller, can } = await loadOrg(slug);
  if (!can("billing.read")) {
    // Accountants and viewers work in the companies; the plan and the card are the owners' business.
    const team = await caller.team.list({ orgId: org.id });
    const owners = team.members.filter((m) => m.role === "OWNER").map((m) => m.name ?? m.email);
    return (
      <>
        <PageHeader title="Billing" description={DESCRIPTION} />
        <Card>
          <p className="text-sm text-slate-700" data-testid="billing-owner-only">
            {ownersWords(owners)} Ask an owner about this organization's plan.
          </p>
        </Card>
      </>
    );
  }
  const status = await caller.billing.status({ orgId: org.id });
  // Plans are chosen before there is a subscription (or after it ended); once subscribed, the Portal changes them.
  const choosing =
    status.canManage &&
    status.state !== "exempt" &&
    (status.subscriptionStatus === null || status.subscriptionStatus === "canceled");
  const offers = choosing ? await caller.billing.plans({ orgId: org.id }) : [];
  // The Portal changes a subscription; once one has ended, a new plan starts from Checkout above.
  const manageable = status.canManage && status.subscriptionStatus !== null && status.subscriptionStatus !== "canceled";
  return (
    <>
      <PageHeader title="Billing" description={DESCRIPTION} />
      {checkout === "success" || checkout === "cancelled" ? (
        <CheckoutReturnNotice outcome={checkout} active={status.state === "active"} />
      ) : null}
      <div className="space-y-6">
        <Card title="Your plan">
          <BillingSummary status={status} actions={manageable ? <ManageBillingButton orgId={org.id} /> : null} />
          {!status.canManage ? (
            <p className="mt-4 border-t border-slate-100 pt-4 text-sm text-slate-600" data-testid="billing-read-only">
              {ownersWords(status.ownerNames)}
            </p>
          ) : manageable ? (
            <p className="mt-4 text-xs text-slate-500">
              Change plan or pairs, update the card, or cancel in Manage billing (Stripe's secure page).
            </p>
          ) : null}
        </Card>
        {choosing ? (
          <div id="plans" className="scroll-mt-6">
            <Card
              title="Choose a plan"
              description="You pay for the companies that sync. Checkout happens on Stripe's secure page; you come back here."
            >
              <PlanPicker orgId={org.id} offers={offers} current={{ plan: status.plan, interval: status.interval }} />
            </Card>
          </div>
        ) : null}
        {status.state !== "exempt" ? (
          <Card title="Recent invoices">
            <InvoiceList invoices={status.recentInvoices} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
