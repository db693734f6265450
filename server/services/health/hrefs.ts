// The app paths a health problem links to: the page that fixes it. The fix forms' paths match the ones the screens
// build (components/mappings/hrefs.ts; a test keeps them in step).

export type CompanyPaths = { company: string; sync: string };

export function companyPaths(orgSlug: string, companyId: string): CompanyPaths {
  const company = `/o/${orgSlug}/companies/${companyId}`;
  return { company, sync: `${company}/sync` };
}

export const recordHref = (p: CompanyPaths, recordId: string): string => `${p.sync}/records/${recordId}`;

export function recordsHref(p: CompanyPaths, filter: { status?: string; model?: string; system?: string }): string {
  const params = new URLSearchParams();
  for (const key of ["model", "system", "status"] as const) if (filter[key]) params.set(key, filter[key]!);
  const q = params.toString();
  return `${p.sync}/records${q ? `?${q}` : ""}`;
}

export const fxRateHref = (p: CompanyPaths, from: string, to: string, day: string): string =>
  `${p.sync}/fx?${new URLSearchParams({ from, to, day }).toString()}#add-rate`;

/** The sync settings field that moves documents out of a closed Sage 100 period. */
export const redateClosedHref = (p: CompanyPaths): string => `${p.sync}/settings#redate-closed`;

export const tieOutDayHref = (p: CompanyPaths, day: string): string => `${p.sync}/tie-out/${day}`;

export const flowHref = (p: CompanyPaths, flowId: string): string => `${p.sync}#flow-${flowId}`;
