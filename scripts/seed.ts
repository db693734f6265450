// `npm run db:seed`: the demo organization and user, into DATABASE_URL or the embedded dev database.
import { DEMO_EMAIL, seedDemo } from "../prisma/seed";
import { resolveDatabase } from "./lib/database";

const database = await resolveDatabase();
try {
  await seedDemo(database.url);
  console.log(`Seeded the demo: sign in as ${DEMO_EMAIL}.`);
} finally {
  await database.stop();
}
