import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from "@/server/services/roles";
import { loadOrg } from "../load-org";
import { InvitationRow } from "./invitation-row";
import { InviteForm } from "./invite-form";
import { MemberRow } from "./member-row";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { org, user, caller, can } = await loadOrg(slug);
  const team = await caller.team.list({ orgId: org.id });
  const canManage = can("team.manage");
  // Only owners may hand out ownership.
  const grantable = ROLES.filter((r) => r !== "OWNER" || org.role === "OWNER").map((r) => ({
    value: r,
    label: ROLE_LABELS[r],
    description: ROLE_DESCRIPTIONS[r],
  }));
  return (
    <>
      <PageHeader title="Team" description="Who can see and change this organization's companies." />
      <div className="space-y-6">
        {canManage ? (
          <Card title="Invite a teammate" description="They get an email with a link that works for 7 days.">
            <InviteForm orgId={org.id} roles={grantable} />
          </Card>
        ) : null}
        <Card title={`Members (${team.members.length})`}>
          <table className="w-full text-left">
            <tbody className="divide-y divide-slate-100">
              {team.members.map((m) => (
                <MemberRow
                  key={m.id}
                  orgId={org.id}
                  member={m}
                  isSelf={m.userId === user.id}
                  canManage={canManage && (m.role !== "OWNER" || org.role === "OWNER")}
                  roles={grantable}
                />
              ))}
            </tbody>
          </table>
        </Card>
        {team.invitations.length > 0 ? (
          <Card title={`Pending invitations (${team.invitations.length})`}>
            <table className="w-full text-left">
              <tbody className="divide-y divide-slate-100">
                {team.invitations.map((i) => (
                  <InvitationRow
                    key={i.id}
                    orgId={org.id}
                    canManage={canManage}
                    invitation={{ ...i, roleLabel: ROLE_LABELS[i.role] }}
                  />
                ))}
              </tbody>
            </table>
          </Card>
        ) : null}
      </div>
    </>
  );
}
