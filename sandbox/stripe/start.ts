// `npx tsx sandbox/stripe/start.ts` — runs the stand-in with state in .data/stripe-standin.json.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createStripeStandin } from "./standin";

const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
const port = Number(process.env.STRIPE_STANDIN_PORT ?? 4030);
const stateFile = resolve(repoRoot, process.env.STRIPE_STANDIN_STATE ?? ".data/stripe-standin.json");
const webhookUrl = process.env.STRIPE_STANDIN_WEBHOOK_URL || null;

if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`STRIPE_STANDIN_PORT must be a port number, got '${process.env.STRIPE_STANDIN_PORT}'.`);
  process.exit(1);
}

const standin = createStripeStandin({
  stateFile,
  webhookUrl,
  apiKey: process.env.STRIPE_STANDIN_API_KEY || undefined,
  adminKey: process.env.STRIPE_STANDIN_ADMIN_KEY || undefined,
});
const running = await standin.listen(port);
console.log(`Stripe stand-in listening on ${running.url} (state ${stateFile})`);
console.log(`  STRIPE_SECRET_KEY=${standin.apiKey}`);
console.log(`  STRIPE_WEBHOOK_SECRET=${standin.webhookSecret}`);
console.log(`  STRIPE_API_URL=${running.url}`);
console.log(`  webhooks: ${webhookUrl ?? "collected (set STRIPE_STANDIN_WEBHOOK_URL)"}`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received, saving state and stopping…`);
  await standin.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
