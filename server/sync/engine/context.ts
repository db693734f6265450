// Everything a flow needs for one company, built once per run.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import type { KashflowClient } from "@/server/integrations/kashflow";
import { kashflowClientForCompany } from "@/server/services/kashflow/client-for-company";
import { sage100Gateway } from "../gateways/sage100";
import { loadSyncSettings } from "../settings";
import type { CompanyStatus } from "@/server/generated/prisma/enums";
import type { FlowContext, FlowMode } from "./flow";

/** Writes only once a person started syncing (LIVE, or PAUSED after it); anything else reads and writes nothing. */
export function modeForStatus(status: CompanyStatus): FlowMode {
  return status === "LIVE" || status === "PAUSED" ? "live" : "preview";
}

export async function buildFlowContext(
  companyId: string,
  flowId: string,
  o: { mode?: FlowMode } = {},
): Promise<FlowContext> {
  const company = await db.company.findUnique({
    where: { id: companyId },
    select: { orgId: true, status: true, timezone: true },
  });
  if (!company) throw AppError.notFound("Company");
  // Asking for "live" cannot lift the company's own gate: a company in set-up is always read-only.
  const mode: FlowMode = o.mode === "preview" ? "preview" : modeForStatus(company.status);
  const readOnly = mode === "preview";
  let client: Promise<KashflowClient> | undefined;
  return {
    orgId: company.orgId,
    companyId,
    flowId,
    mode,
    now: new Date(),
    timeZone: company.timezone,
    settings: await loadSyncSettings(companyId),
    kashflow: () => (client ??= kashflowClientForCompany(companyId, { readOnly })),
    sage100: sage100Gateway({ orgId: company.orgId, companyId, readOnly }),
  };
}
