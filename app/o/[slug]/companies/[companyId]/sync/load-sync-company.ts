import "server-only";
import { notFound } from "next/navigation";
import { orNotFound } from "@/server/api/server-caller";
import { loadOrg } from "../../../load-org";

/** The company of a sync URL for the signed-in member; another organization's company is not found here. */
export async function loadSyncCompany(slug: string, companyId: string) {
  const { org, caller, can } = await loadOrg(slug);
  const company = await orNotFound(caller.company.get({ companyId }));
  if (company.orgId !== org.id) notFound();
  const companyHref = `/o/${org.slug}/companies/${company.id}`;
  return {
    org,
    caller,
    can,
    company,
    hrefs: {
      company: companyHref,
      sync: `${companyHref}/sync`,
      records: `${companyHref}/sync/records`,
      settings: `${companyHref}/sync/settings`,
    },
  };
}
