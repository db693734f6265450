// The one place environment variables are read and validated; the app refuses to start when they are wrong.
import { z } from "zod";

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const positiveInt = (message: string) =>
  optional.pipe(
    z
      .string()
      .regex(/^[1-9]\d*$/, message)
      .transform(Number)
      .optional(),
  );

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    APP_ENV: z.enum(["development", "test", "production"]).optional(),
    APP_URL: z
      .url({ message: "must be an absolute URL such as http://localhost:3000" })
      .default("http://localhost:3000"),
    DATABASE_URL: z
      .string({ message: "is required (npm start sets it to the embedded PostgreSQL)" })
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL"),
    AUTH_SECRET: z
      .string({ message: "is required: a random string of at least 32 characters" })
      .min(32, "must be at least 32 characters"),
    ENCRYPTION_KEY: optional.pipe(
      z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)")
        .optional(),
    ),
    ENCRYPTION_KEYS_PREVIOUS: optional.pipe(
      z
        .string()
        .regex(/^[0-9a-fA-F]{64}(,[0-9a-fA-F]{64})*$/, "must be comma-separated 64-hex-character keys")
        .optional(),
    ),
    EMAIL_FROM: z.string().default("Ledgerlink <no-reply@ledgerlink.local>"),
    RESEND_API_KEY: optional,
    AUTH_GOOGLE_ID: optional,
    AUTH_GOOGLE_SECRET: optional,
    INNGEST_EVENT_KEY: optional,
    INNGEST_SIGNING_KEY: optional,
    INNGEST_DEV: optional,
    // A KashFlow sandbox (sandbox/kashflow) for "Try with a sandbox"; npm start runs one and sets both.
    KASHFLOW_SANDBOX_URL: optional.pipe(z.url({ message: "must be the sandbox's base URL" }).optional()),
    KASHFLOW_SANDBOX_ADMIN_KEY: optional,
    // "Try with a sandbox" Sage 100 agents (the simulator inside the app); "off" keeps the simulator out.
    SAGE100_SANDBOX: optional.pipe(z.enum(["on", "off"], { message: 'must be "on" or "off"' }).default("on")),
    // Where "Try with a sandbox" keeps each company's simulated Sage 100 and agent config; unset = memory only.
    SAGE100_SANDBOX_DIR: optional,
    // KashFlow's REST v2 and (unconfirmed) OAuth endpoints are configuration, so a real account can prove them.
    KASHFLOW_API_BASE_URL: optional.pipe(
      z
        .url({ message: "must be KashFlow's REST base URL, e.g. https://api.kashflow.com/v2" })
        .default("https://api.kashflow.com/v2"),
    ),
    KASHFLOW_OAUTH_AUTHORIZE_URL: optional.pipe(z.url({ message: "must be an absolute URL" }).optional()),
    KASHFLOW_OAUTH_TOKEN_URL: optional.pipe(z.url({ message: "must be an absolute URL" }).optional()),
    KASHFLOW_OAUTH_REVOKE_URL: optional.pipe(z.url({ message: "must be an absolute URL" }).optional()),
    KASHFLOW_OAUTH_CLIENT_ID: optional,
    KASHFLOW_OAUTH_CLIENT_SECRET: optional,
    KASHFLOW_OAUTH_SCOPE: optional,
    KASHFLOW_REQUESTS_PER_WINDOW: positiveInt("must be a whole number above 0"),
    KASHFLOW_WINDOW_MS: positiveInt("must be a whole number of milliseconds above 0"),
    KASHFLOW_MAX_CONCURRENT: positiveInt("must be a whole number above 0"),
    KASHFLOW_MAX_BUDGET_WAIT_MS: positiveInt("must be a whole number of milliseconds above 0"),
    // Rows per KashFlow list page (default 200, as production clients use; Swagger documents 100).
    KASHFLOW_PAGE_SIZE: positiveInt("must be a whole number of rows above 0"),
    // The in-process runner: runs at once over all companies, and per company (they wait on the network, not the CPU).
    SYNC_RUNNER_CONCURRENCY: positiveInt("must be a whole number above 0"),
    DATABASE_POOL_SIZE: positiveInt("must be a whole number above 0"),
    SYNC_RUNNER_PER_COMPANY: positiveInt("must be a whole number above 0"),
    // Proxies in front of the app that append to X-Forwarded-For (load balancer, CDN): 0 = clients connect directly.
    TRUSTED_PROXY_COUNT: optional.pipe(
      z
        .string()
        .regex(/^\d{1,2}$/, "must be a whole number of proxies (0 when clients connect to the app directly)")
        .default("0")
        .transform(Number),
    ),
    // Sign-in links one email address may be sent at once, then one per SIGN_IN_EMAIL_INTERVAL_SECONDS.
    SIGN_IN_EMAIL_BURST: positiveInt("must be a whole number above 0"),
    SIGN_IN_EMAIL_INTERVAL_SECONDS: positiveInt("must be a whole number of seconds above 0"),
    // Sign-in links one client address may ask for at once (an office shares one), then one per interval.
    SIGN_IN_ADDRESS_BURST: positiveInt("must be a whole number above 0"),
    SIGN_IN_ADDRESS_INTERVAL_SECONDS: positiveInt("must be a whole number of seconds above 0"),
    // Billing: a Stripe secret key (sk_test_… / sk_live_…) and the webhook endpoint's signing secret (whsec_…).
    STRIPE_SECRET_KEY: optional,
    STRIPE_WEBHOOK_SECRET: optional,
    // Another Stripe-compatible API (the local stand-in, sandbox/stripe): its base URL; unset = api.stripe.com.
    STRIPE_API_URL: optional.pipe(
      z.url({ message: "must be an absolute URL such as http://127.0.0.1:4030" }).optional(),
    ),
    // "1" turns on Stripe Tax in Checkout (automatic_tax); it needs Stripe Tax set up in the Stripe account.
    STRIPE_AUTOMATIC_TAX: optional.pipe(z.enum(["0", "1"], { message: 'must be "0" or "1"' }).optional()),
    // A price lookup key other than the default, per plan and interval (e.g. STRIPE_PRICE_GROWTH_MONTHLY).
    STRIPE_PRICE_STARTER_MONTHLY: optional,
    STRIPE_PRICE_STARTER_YEARLY: optional,
    STRIPE_PRICE_GROWTH_MONTHLY: optional,
    STRIPE_PRICE_GROWTH_YEARLY: optional,
    STRIPE_PRICE_PRACTICE_MONTHLY: optional,
    STRIPE_PRICE_PRACTICE_YEARLY: optional,
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.AUTH_GOOGLE_ID) !== Boolean(v.AUTH_GOOGLE_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_GOOGLE_SECRET"],
        message: "AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET must be set together",
      });
    }
    const kashflowOAuth = [v.KASHFLOW_OAUTH_AUTHORIZE_URL, v.KASHFLOW_OAUTH_TOKEN_URL, v.KASHFLOW_OAUTH_CLIENT_ID];
    if (kashflowOAuth.some(Boolean) && !kashflowOAuth.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["KASHFLOW_OAUTH_CLIENT_ID"],
        message:
          "KASHFLOW_OAUTH_AUTHORIZE_URL, KASHFLOW_OAUTH_TOKEN_URL and KASHFLOW_OAUTH_CLIENT_ID must be set together",
      });
    }
  })
  .transform((v) => ({ ...v, APP_ENV: v.APP_ENV ?? v.NODE_ENV }));

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(
      `Ledgerlink cannot start: the environment is not valid.\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee "Configuration" in README.md.`,
    );
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(env)"} ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forget the parsed environment so the next env() reads process.env again (tests that change variables). */
export function resetEnvCache(): void {
  cached = undefined;
}

/** The current encryption key first, then previous ones still needed to open older secrets. */
export function encryptionKeys(): string[] {
  const { ENCRYPTION_KEY, ENCRYPTION_KEYS_PREVIOUS } = env();
  return [ENCRYPTION_KEY, ...(ENCRYPTION_KEYS_PREVIOUS?.split(",") ?? [])].filter((k): k is string => Boolean(k));
}

/** Whether this server runs "Try with a sandbox" Sage 100 agents (and so may load the simulator). */
export function sage100SandboxEnabled(): boolean {
  return env().SAGE100_SANDBOX === "on";
}

/** Dev-only tools (the outbox page, the demo hints) exist everywhere but in production. */
export function isDevTools(): boolean {
  return env().APP_ENV !== "production";
}
