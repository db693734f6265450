"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { formErrors } from "@/lib/trpc-errors";

type Role = "OWNER" | "ADMIN" | "ACCOUNTANT" | "VIEWER";
type Member = { id: string; name: string | null; email: string; role: Role };

export function MemberRow({
  orgId,
  member,
  isSelf,
  canManage,
  roles,
}: {
  orgId: string;
  member: Member;
  isSelf: boolean;
  canManage: boolean;
  roles: { value: Role; label: string }[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const onError = (error: unknown) => toast.error(formErrors(error).message ?? "That did not work.");
  const changeRole = useMutation(
    trpc.team.changeRole.mutationOptions({
      onSuccess: () => {
        toast.success("Role updated");
        router.refresh();
      },
      onError,
    }),
  );
  const remove = useMutation(
    trpc.team.removeMember.mutationOptions({
      onSuccess: () => {
        toast.success(`${member.email} removed`);
        router.refresh();
      },
      onError,
    }),
  );
  const label = roles.find((r) => r.value === member.role)?.label ?? member.role;
  return (
    <tr data-testid={`member-${member.email}`}>
      <td className="py-3 pr-4">
        <p className="font-medium">
          {member.name ?? member.email}
          {isSelf ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
        </p>
        {member.name ? <p className="text-sm text-slate-500">{member.email}</p> : null}
      </td>
      <td className="py-3 pr-4">
        {canManage ? (
          <Select
            aria-label={`Role of ${member.email}`}
            value={member.role}
            disabled={changeRole.isPending}
            onChange={(e) => changeRole.mutate({ orgId, membershipId: member.id, role: e.target.value as Role })}
            className="w-40"
          >
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </Select>
        ) : (
          <span className="text-sm">{label}</span>
        )}
      </td>
      <td className="py-3 text-right">
        {canManage ? (
          <Button
            variant="danger"
            busy={remove.isPending}
            onClick={() => {
              if (window.confirm(`Remove ${member.email} from this organization?`))
                remove.mutate({ orgId, membershipId: member.id });
            }}
          >
            Remove
          </Button>
        ) : null}
      </td>
    </tr>
  );
}
