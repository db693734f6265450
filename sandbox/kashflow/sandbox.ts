// The importable factory: createKashflowSandbox(options) → { app, store, listen(port) }.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createAccount, type CreatedAccount, type CreateAccountInput } from "./accounts";
import { buildApp } from "./app";
import { Clock } from "./clock";
import type { BehaviourPatch, OAuthConfig } from "./config";
import { FaultEngine } from "./faults";
import type { SandboxEnv } from "./http";
import { Persistence } from "./store/persist";
import { SandboxStore } from "./store/store";

export interface KashflowSandboxOptions {
  /** JSON state file; omit (or null) for memory-only. */
  stateFile?: string | null;
  /** Value of the X-Admin-Key header the admin API requires. Default "sandbox-admin". */
  adminKey?: string;
  /** Global behaviour settings (see config.ts); accounts can override them. */
  behaviour?: BehaviourPatch;
  /** OAuth server settings, including its paths (fixed once the app is built). */
  oauth?: Partial<Omit<OAuthConfig, "paths">> & { paths?: Partial<OAuthConfig["paths"]> };
  /** Added to every /v2 and OAuth response. Default 0. */
  latencyMs?: number;
  /** Base clock (ms since epoch); the admin clock offset is added to it. */
  now?: () => number;
  /** Quiet period before the state file is written. Default 250 ms. */
  persistDebounceMs?: number;
  /** Default listen host. Default 127.0.0.1. */
  host?: string;
}

export interface RunningSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface KashflowSandbox {
  app: Hono<SandboxEnv>;
  store: SandboxStore;
  faults: FaultEngine;
  clock: Clock;
  /** Same as POST /admin/accounts, for in-process callers. */
  createAccount(input?: CreateAccountInput): CreatedAccount;
  /** Starts an HTTP server; port 0 (the default) picks a free port. */
  listen(port?: number, host?: string): Promise<RunningSandbox>;
  /** Writes the state file now (no-op when memory-only). */
  flush(): void;
  /** Stops every server started by listen() and flushes state. */
  close(): Promise<void>;
}

export function createKashflowSandbox(options: KashflowSandboxOptions = {}): KashflowSandbox {
  const clock = new Clock(options.now);
  const store = new SandboxStore(clock, {
    behaviour: options.behaviour,
    oauth: options.oauth as Partial<OAuthConfig> | undefined,
    latencyMs: options.latencyMs,
  });
  const persistence = options.stateFile
    ? new Persistence(store, options.stateFile, { debounceMs: options.persistDebounceMs })
    : null;
  if (persistence) {
    persistence.load();
    store.onChange = (accountId) => persistence.markDirty(accountId);
  }
  const faults = new FaultEngine(clock);
  const flush = () => persistence?.flush();
  const app = buildApp({ store, faults, clock, adminKey: options.adminKey ?? "sandbox-admin", flush });
  const servers = new Set<RunningSandbox>();
  const sweeper = setInterval(() => store.sweep(), 60_000);
  sweeper.unref();

  const listen = (port = 0, host = options.host ?? "127.0.0.1"): Promise<RunningSandbox> =>
    new Promise((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port, hostname: host }) as Server;
      server.once("error", reject);
      server.once("listening", () => {
        const addr = server.address() as AddressInfo;
        const shownHost = host.includes(":") ? `[${host}]` : host;
        let closed: Promise<void> | null = null;
        const running: RunningSandbox = {
          url: `http://${shownHost}:${addr.port}`,
          port: addr.port,
          close: () => {
            closed ??= new Promise<void>((done) => {
              servers.delete(running);
              faults.releaseHangs();
              server.close(() => done());
              server.closeAllConnections();
            });
            return closed;
          },
        };
        servers.add(running);
        resolve(running);
      });
    });

  return {
    app,
    store,
    faults,
    clock,
    createAccount: (input) => createAccount(store, input ?? {}),
    listen,
    flush,
    close: async () => {
      await Promise.all([...servers].map((s) => s.close()));
      clearInterval(sweeper);
      persistence?.close();
    },
  };
}
