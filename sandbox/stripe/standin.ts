// The importable factory: createStripeStandin(options) → { app, listen(port), advance(), events(), deliver(), … }.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { buildApp } from "./app";
import { Clock } from "./clock";
import { Billing } from "./domain/billing";
import { StripeApiError } from "./errors";
import type { StandinEnv } from "./http";
import { seedCatalog } from "./seed";
import { Persistence, Store } from "./store/store";
import type { EventObj } from "./store/types";
import { type DeliveryResult, type EventOrder, Webhooks } from "./webhooks";

/** The secret key the stand-in accepts unless told otherwise (a test key, so nothing mistakes it for live). */
export const STANDIN_API_KEY = "sk_test_standin_ledgerlink_local";

export interface StripeStandinOptions {
  /** The secret key requests must carry (Authorization: Bearer …). */
  apiKey?: string;
  /** Webhook signing secret; default: the one in the state file, else a new random whsec_…. */
  webhookSecret?: string;
  /** Where events are POSTed; null collects them for deliver(). */
  webhookUrl?: string | null;
  /** Start with delivery paused (events wait for deliver() or resume). */
  pauseWebhooks?: boolean;
  /** The order one action's events go out in. Default "created". */
  eventOrder?: EventOrder;
  /** X-Admin-Key for /_standin. Default "sandbox-admin". */
  adminKey?: string;
  /** JSON state file; omit or null for memory only. */
  stateFile?: string | null;
  /** Base clock in ms; the stand-in's clock offset is added. */
  now?: () => number;
  /** Base of the hosted page URLs; default the first listen() address. */
  publicUrl?: string;
  /** Per-webhook POST timeout. Default 30 s (a `next dev` server compiles the route on its first call). */
  deliveryTimeoutMs?: number;
  /** How long a hosted page or admin call waits for its webhooks before answering anyway. Default 15 s. */
  pageWaitMs?: number;
}

export interface RunningStandin {
  url: string;
  port: number;
  close(): Promise<void>;
}

export class StripeStandin {
  readonly store = new Store();
  readonly clock: Clock;
  readonly webhooks: Webhooks;
  readonly billing: Billing;
  readonly app: Hono<StandinEnv>;
  readonly apiKey: string;
  readonly webhookSecret: string;
  private publicUrl: string | null;
  private readonly persistence: Persistence | null;
  private readonly servers = new Set<RunningStandin>();
  private readonly pageWaitMs: number;

  constructor(o: StripeStandinOptions = {}) {
    this.clock = new Clock(o.now);
    this.persistence = o.stateFile ? new Persistence(this.store, o.stateFile) : null;
    if (this.persistence?.load()) this.clock.offsetSeconds = this.store.clockOffsetSeconds;
    seedCatalog(this.store, this.clock.now());
    this.apiKey = o.apiKey ?? STANDIN_API_KEY;
    this.webhookSecret = o.webhookSecret ?? this.store.webhookSecret ?? `whsec_${randomBytes(24).toString("hex")}`;
    this.store.webhookSecret = this.webhookSecret;
    this.publicUrl = o.publicUrl?.replace(/\/$/, "") ?? null;
    this.pageWaitMs = o.pageWaitMs ?? 15_000;
    this.webhooks = new Webhooks(this.store, this.clock, {
      url: o.webhookUrl ?? null,
      secret: this.webhookSecret,
      paused: o.pauseWebhooks ?? false,
      order: o.eventOrder ?? "created",
      timeoutMs: o.deliveryTimeoutMs ?? 30_000,
    });
    if (this.publicUrl) this.store.publicBase = this.publicUrl;
    this.billing = new Billing(this.store, this.clock, this.webhooks, () => this.store.publicBase);
    if (this.persistence) {
      const p = this.persistence;
      this.store.onChange = () => p.markDirty();
      p.markDirty();
    }
    this.app = buildApp(this, { apiKey: this.apiKey, adminKey: o.adminKey ?? "sandbox-admin" });
  }

  /** Starts an HTTP server; port 0 (the default) picks a free port. */
  listen(port = 0, host = "127.0.0.1"): Promise<RunningStandin> {
    return new Promise((resolve, reject) => {
      const server = serve({ fetch: this.app.fetch, port, hostname: host }) as Server;
      server.once("error", reject);
      server.once("listening", () => {
        const addr = server.address() as AddressInfo;
        const url = `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`;
        if (!this.publicUrl) {
          this.publicUrl = url;
          this.store.publicBase = url;
        }
        let closed: Promise<void> | null = null;
        const running: RunningStandin = {
          url,
          port: addr.port,
          close: () => {
            closed ??= new Promise<void>((done) => {
              this.servers.delete(running);
              server.close(() => done());
              server.closeAllConnections();
            });
            return closed;
          },
        };
        this.servers.add(running);
        resolve(running);
      });
    });
  }

  get url(): string {
    return this.publicUrl ?? "http://127.0.0.1";
  }

  /** Sends what the last action recorded and waits (bounded) for the endpoint to answer. */
  async deliverPending(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.pageWaitMs);
      timer.unref();
    });
    await Promise.race([this.webhooks.dispatch().then(() => undefined), timeout]);
    clearTimeout(timer);
  }

  private async recording(action: () => void): Promise<EventObj[]> {
    const before = new Set(this.store.events.keys());
    action();
    const created = [...this.store.events.values()].filter((e) => !before.has(e.id));
    await this.deliverPending();
    return created;
  }

  /**
   * Moves time forward (everyone, or one subscription) and bills what came due; resolves with the new events.
   * `toPeriodEnd` adds what it takes to pass the subscription's current period end (or trial end).
   */
  advance(o: { seconds?: number; days?: number; subscription?: string; toPeriodEnd?: boolean }): Promise<EventObj[]> {
    let seconds = (o.seconds ?? 0) + (o.days ?? 0) * 86_400;
    if (o.toPeriodEnd && o.subscription) {
      const sub = this.billing.subscription(o.subscription, "subscription");
      const end = sub.status === "trialing" && sub.trial_end !== null ? sub.trial_end : this.billing.periodEnd(sub);
      seconds += Math.max(0, end - this.clock.now() + 1);
    }
    return this.recording(() => this.billing.advance(seconds, o.subscription));
  }

  /** Makes a customer's card pay or fail from now on (a good card retries open invoices). */
  setCard(customer: string, card: "good" | "failing"): Promise<EventObj[]> {
    return this.recording(() => this.billing.setCardBehaviour(customer, card));
  }

  /** Every event, oldest first. */
  events(filter: { type?: string } = {}): EventObj[] {
    return [...this.store.events.values()].filter((e) => !filter.type || e.type === filter.type);
  }

  /** Delivers these events in exactly this order (again, if sent before), to `to` or the configured endpoint. */
  deliver(ids: string[], o: { to?: string } = {}): Promise<DeliveryResult[]> {
    if (!o.to && !this.webhooks.config.url)
      throw new StripeApiError(400, "invalid_request_error", "No webhook endpoint configured: pass `to`.");
    return this.webhooks.deliver(ids, o.to);
  }

  pauseWebhooks(): void {
    this.webhooks.pause();
  }

  resumeWebhooks(): Promise<DeliveryResult[]> {
    return this.webhooks.resume();
  }

  configure(o: { webhookUrl?: string | null; order?: EventOrder; paused?: boolean }): void {
    if (o.webhookUrl !== undefined) this.webhooks.config.url = o.webhookUrl;
    if (o.order) this.webhooks.config.order = o.order;
    if (o.paused === true) this.webhooks.pause();
    if (o.paused === false) void this.webhooks.resume();
  }

  /** Resolves once every queued webhook has been attempted. */
  idle(): Promise<void> {
    return this.webhooks.idle();
  }

  flush(): void {
    this.persistence?.flush();
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers].map((s) => s.close()));
    this.persistence?.flush();
  }
}

export function createStripeStandin(options: StripeStandinOptions = {}): StripeStandin {
  return new StripeStandin(options);
}
