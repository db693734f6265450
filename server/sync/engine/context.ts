// Everything a flow needs for one company, built once per run.
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import type { KashflowClient } from "@/server/integrations/kashflow";
import { kashflowClientForCompany } from "@/server/services/kashflow/client-for-company";
import { sage100Gateway } from "../gateways/sage100";
import { loadSyncSettings } from "../settings";
import type { FlowContext } from "./flow";

export async function buildFlowContext(companyId: string, flowId: string): Promise<FlowContext> {
  const company = await db.company.findUnique({ where: { id: companyId }, select: { orgId: true } });
  if (!company) throw AppError.notFound("Company");
  let client: Promise<KashflowClient> | undefined;
  return {
    orgId: company.orgId,
    companyId,
    flowId,
    now: new Date(),
    settings: await loadSyncSettings(companyId),
    kashflow: () => (client ??= kashflowClientForCompany(companyId)),
    sage100: sage100Gateway({ orgId: company.orgId, companyId }),
  };
}
