// KASHFLOW_* variables → endpoints and limits.
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import {
  DEFAULT_BEHAVIOUR,
  kashflowBehaviourFromEnv,
  kashflowEndpointsFromEnv,
  kashflowLimitsFromEnv,
} from "../config";

const KEYS = [
  "KASHFLOW_API_BASE_URL",
  "KASHFLOW_OAUTH_AUTHORIZE_URL",
  "KASHFLOW_OAUTH_TOKEN_URL",
  "KASHFLOW_OAUTH_REVOKE_URL",
  "KASHFLOW_OAUTH_CLIENT_ID",
  "KASHFLOW_OAUTH_CLIENT_SECRET",
  "KASHFLOW_OAUTH_SCOPE",
  "KASHFLOW_REQUESTS_PER_WINDOW",
  "KASHFLOW_WINDOW_MS",
  "KASHFLOW_MAX_CONCURRENT",
  "KASHFLOW_MAX_BUDGET_WAIT_MS",
  "KASHFLOW_PAGE_SIZE",
];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

function withEnv(values: Record<string, string>) {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, values);
  resetEnvCache();
}

afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvCache();
});

describe("KashFlow configuration", () => {
  it("pages 200 rows by default (what production clients use); KASHFLOW_PAGE_SIZE sets another size", () => {
    withEnv({});
    expect({ ...DEFAULT_BEHAVIOUR, ...kashflowBehaviourFromEnv() }.perPage).toBe(200);
    withEnv({ KASHFLOW_PAGE_SIZE: "100" });
    expect(kashflowBehaviourFromEnv()).toEqual({ perPage: 100 });
    withEnv({ KASHFLOW_PAGE_SIZE: "0" });
    expect(() => kashflowBehaviourFromEnv()).toThrow(/KASHFLOW_PAGE_SIZE/);
  });

  it("defaults to KashFlow's REST base and no OAuth", () => {
    withEnv({});
    expect(kashflowEndpointsFromEnv()).toEqual({ apiBaseUrl: "https://api.kashflow.com/v2" });
    expect(kashflowLimitsFromEnv()).toEqual({});
  });

  it("OAuth endpoints and limits from the environment", () => {
    withEnv({
      KASHFLOW_API_BASE_URL: "http://127.0.0.1:4010/v2",
      KASHFLOW_OAUTH_AUTHORIZE_URL: "http://127.0.0.1:4010/oauth2/v1/authorize",
      KASHFLOW_OAUTH_TOKEN_URL: "http://127.0.0.1:4010/oauth2/v1/token",
      KASHFLOW_OAUTH_CLIENT_ID: "ledgerlink",
      KASHFLOW_OAUTH_CLIENT_SECRET: "s3cret",
      KASHFLOW_REQUESTS_PER_WINDOW: "60",
      KASHFLOW_WINDOW_MS: "60000",
      KASHFLOW_MAX_BUDGET_WAIT_MS: "3000",
    });
    expect(kashflowEndpointsFromEnv()).toEqual({
      apiBaseUrl: "http://127.0.0.1:4010/v2",
      oauth: {
        authorizeUrl: "http://127.0.0.1:4010/oauth2/v1/authorize",
        tokenUrl: "http://127.0.0.1:4010/oauth2/v1/token",
        revokeUrl: undefined,
        clientId: "ledgerlink",
        clientSecret: "s3cret",
        scope: undefined,
      },
    });
    expect(kashflowLimitsFromEnv()).toEqual({ requestsPerWindow: 60, windowMs: 60000, maxBudgetWaitMs: 3000 });
  });

  it("half an OAuth configuration is refused at start-up", () => {
    withEnv({ KASHFLOW_OAUTH_CLIENT_ID: "ledgerlink" });
    expect(() => kashflowEndpointsFromEnv()).toThrow(/must be set together/);
    withEnv({ KASHFLOW_REQUESTS_PER_WINDOW: "lots" });
    expect(() => kashflowEndpointsFromEnv()).toThrow(/KASHFLOW_REQUESTS_PER_WINDOW must be a whole number/);
  });
});
