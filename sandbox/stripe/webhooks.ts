// Events: every one stored (GET /v1/events), then POSTed to the endpoint signed with the SDK's own
// generateTestHeaderString, one at a time in order. Paused or without an endpoint, events wait to be delivered
// by hand (tests deliver them in any order, or again, to prove replays and out-of-order handling).
import Stripe from "stripe";
import type { Clock } from "./clock";
import { newId } from "./ids";
import type { Store } from "./store/store";
import type { Delivery, EventObj, Json } from "./store/types";

/** The API version stripe 23.1.0 pins (its requests carry it in Stripe-Version). */
export const API_VERSION = "2026-10-28.endive";

/** The order one action's events go out in: as created, reversed, or shuffled (for out-of-order tests). */
export type EventOrder = "created" | "reversed" | "shuffled";

export interface WebhookConfig {
  url: string | null;
  secret: string;
  paused: boolean;
  order: EventOrder;
  /** Per-POST timeout. */
  timeoutMs: number;
}

export interface DeliveryResult {
  id: string;
  type: string;
  status: number | null;
  ok: boolean;
  error: string | null;
}

/**
 * Stored in place of the stand-in's own address (hosted pages, invoice links), so links stay right when it restarts
 * on another port; publicView puts the current address in.
 */
export const STANDIN_URL = "standin:";

/** Deep copy as the API shows it: prices without `tiers` (Stripe shows them only when expanded), links resolved. */
export function publicView<T>(value: T, base = "http://127.0.0.1"): T {
  const strip = (v: unknown): unknown => {
    if (typeof v === "string" && v.startsWith(STANDIN_URL)) return `${base}${v.slice(STANDIN_URL.length)}`;
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") {
      const out: Json = {};
      const isPrice = (v as Json).object === "price";
      for (const [k, x] of Object.entries(v)) if (!(isPrice && k === "tiers")) out[k] = strip(x);
      return out;
    }
    return v;
  };
  return strip(value) as T;
}

export class Webhooks {
  private batch: EventObj[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private readonly signer = Stripe.webhooks;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly config: WebhookConfig,
  ) {}

  /** Records an event; it goes out with the rest of its action's events at the next dispatch(). */
  emit(
    type: string,
    object: Json,
    extra: { previous?: Json; request?: { id: string | null; key: string | null } } = {},
  ) {
    const event: EventObj = {
      id: newId("event"),
      object: "event",
      api_version: API_VERSION,
      created: this.clock.now(),
      data: {
        object: publicView(object, this.store.publicBase),
        ...(extra.previous ? { previous_attributes: publicView(extra.previous, this.store.publicBase) } : {}),
      },
      livemode: false,
      pending_webhooks: this.config.url ? 1 : 0,
      request: { id: extra.request?.id ?? null, idempotency_key: extra.request?.key ?? null },
      type,
    };
    this.store.events.set(event.id, event);
    this.batch.push(event);
    this.store.onChange();
    return event;
  }

  /** Sends the events emitted since the last dispatch, in the configured order; resolves when they are sent. */
  dispatch(): Promise<DeliveryResult[]> {
    const events = this.order(this.batch.splice(0));
    if (events.length === 0) return Promise.resolve([]);
    if (this.config.paused || !this.config.url) {
      this.store.undelivered.push(...events.map((e) => e.id));
      this.store.onChange();
      return Promise.resolve([]);
    }
    const url = this.config.url;
    return this.enqueue(() => this.sendAll(events, url));
  }

  private order(events: EventObj[]): EventObj[] {
    if (this.config.order === "reversed") return events.reverse();
    if (this.config.order === "shuffled") {
      for (let i = events.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [events[i], events[j]] = [events[j]!, events[i]!];
      }
    }
    return events;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued delivery has been attempted. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async sendAll(events: EventObj[], url: string): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    for (const e of events) results.push(await this.send(e, url));
    return results;
  }

  /** The signed POST Stripe makes: raw JSON body, `Stripe-Signature: t=…,v1=…`. */
  async send(event: EventObj, url: string): Promise<DeliveryResult> {
    const payload = JSON.stringify(event, null, 2);
    const header = this.signer.generateTestHeaderString({ payload, secret: this.config.secret });
    const delivery: Delivery = { at: this.clock.now(), url, status: null, ok: false, error: null };
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": header,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: payload,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      delivery.status = res.status;
      delivery.ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      delivery.error = err instanceof Error ? err.message : String(err);
    }
    const list = this.store.deliveries.get(event.id) ?? [];
    list.push(delivery);
    this.store.deliveries.set(event.id, list);
    this.store.undelivered = this.store.undelivered.filter((id) => id !== event.id);
    if (delivery.ok) event.pending_webhooks = 0;
    this.store.onChange();
    return { id: event.id, type: event.type, status: delivery.status, ok: delivery.ok, error: delivery.error };
  }

  /** Delivers the given events (again, if already sent) in exactly this order, to `to` or the endpoint. */
  deliver(ids: string[], to?: string): Promise<DeliveryResult[]> {
    const url = to ?? this.config.url;
    if (!url) return Promise.reject(new Error("no webhook endpoint: pass `to` or configure one"));
    const events = ids.map((id) => {
      const e = this.store.events.get(id);
      if (!e) throw new Error(`No such event: '${id}'`);
      return e;
    });
    return this.enqueue(() => this.sendAll(events, url));
  }

  pause(): void {
    this.config.paused = true;
  }

  /** Resumes delivery and sends the events that waited, oldest first. */
  resume(): Promise<DeliveryResult[]> {
    this.config.paused = false;
    const waiting = this.store.undelivered.splice(0);
    if (!this.config.url || waiting.length === 0) {
      this.store.undelivered.push(...waiting);
      return Promise.resolve([]);
    }
    return this.deliver(waiting);
  }
}
