// A company set up as the demo's: connected to its KashFlow sandbox account, mapped, with daily FX rates. Modules
// load on first call, after the benchmark has pointed DATABASE_URL at its own database.

type SandboxAccount = { UserName: string; Password: string; MemorableWord: string };

export async function mappedBenchCompany(label: string, account: SandboxAccount, apiBaseUrl: string) {
  const { createCompany, createOrg, createUser } = await import("@/tests/factories");
  const { connectWithPassword } = await import("@/server/services/kashflow/connect-with-password");
  const { kashflowClientForCompany } = await import("@/server/services/kashflow/client-for-company");
  const { seedDemoMappings, seedDemoRates } = await import("@/server/services/demo/demo-mappings");
  const owner = await createUser(label);
  const org = await createOrg(owner);
  const company = await createCompany(org);
  const scope = { orgId: org.id, companyId: company.id, userId: owner.id };
  await connectWithPassword({
    ...scope,
    username: account.UserName,
    password: account.Password,
    memorableWord: account.MemorableWord,
    apiBaseUrl,
  });
  await seedDemoMappings({
    companyId: company.id,
    userId: owner.id,
    client: await kashflowClientForCompany(company.id),
  });
  await seedDemoRates({ ...scope, days: 260 });
  return { company, scope };
}
