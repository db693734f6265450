// The stand-in's state in memory, with a debounced JSON file for `npm start` (tests keep it in memory).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type {
  CardRec,
  CheckoutSessionObj,
  CustomerObj,
  Delivery,
  EventObj,
  IdempotencyRec,
  InvoiceObj,
  LineObj,
  PortalSessionObj,
  PriceObj,
  ProductObj,
  SessionPlan,
  StandinData,
  SubscriptionObj,
} from "./types";

const byId = <T extends { id: string }>(list: T[]): Map<string, T> => new Map(list.map((x) => [x.id, x]));

export class Store {
  clockOffsetSeconds = 0;
  webhookSecret: string | null = null;
  products = new Map<string, ProductObj>();
  prices = new Map<string, PriceObj>();
  customers = new Map<string, CustomerObj>();
  cards = new Map<string, CardRec>();
  checkoutSessions = new Map<string, CheckoutSessionObj>();
  sessionPlans = new Map<string, SessionPlan>();
  portalSessions = new Map<string, PortalSessionObj>();
  subscriptions = new Map<string, SubscriptionObj>();
  invoices = new Map<string, InvoiceObj>();
  pendingLines = new Map<string, LineObj[]>();
  trialWillEndSent = new Map<string, number>();
  events = new Map<string, EventObj>();
  deliveries = new Map<string, Delivery[]>();
  undelivered: string[] = [];
  idempotency = new Map<string, IdempotencyRec>();
  invoiceSeq = new Map<string, number>();
  /** The stand-in's address as clients reach it (not saved: it may listen on another port next time). */
  publicBase = "http://127.0.0.1";
  /** Called after every change (persistence hooks in here). */
  onChange: () => void = () => {};

  toData(): StandinData {
    return {
      version: 1,
      clockOffsetSeconds: this.clockOffsetSeconds,
      webhookSecret: this.webhookSecret,
      products: [...this.products.values()],
      prices: [...this.prices.values()],
      customers: [...this.customers.values()],
      cards: Object.fromEntries(this.cards),
      checkoutSessions: [...this.checkoutSessions.values()],
      sessionPlans: Object.fromEntries(this.sessionPlans),
      portalSessions: [...this.portalSessions.values()],
      subscriptions: [...this.subscriptions.values()],
      invoices: [...this.invoices.values()],
      pendingLines: Object.fromEntries(this.pendingLines),
      trialWillEndSent: Object.fromEntries(this.trialWillEndSent),
      events: [...this.events.values()],
      deliveries: Object.fromEntries(this.deliveries),
      undelivered: this.undelivered,
      idempotency: Object.fromEntries(this.idempotency),
      invoiceSeq: Object.fromEntries(this.invoiceSeq),
    };
  }

  load(d: StandinData): void {
    this.clockOffsetSeconds = d.clockOffsetSeconds ?? 0;
    this.webhookSecret = d.webhookSecret ?? null;
    this.products = byId(d.products ?? []);
    this.prices = byId(d.prices ?? []);
    this.customers = byId(d.customers ?? []);
    this.cards = new Map(Object.entries(d.cards ?? {}));
    this.checkoutSessions = byId(d.checkoutSessions ?? []);
    this.sessionPlans = new Map(Object.entries(d.sessionPlans ?? {}));
    this.portalSessions = byId(d.portalSessions ?? []);
    this.subscriptions = byId(d.subscriptions ?? []);
    this.invoices = byId(d.invoices ?? []);
    this.pendingLines = new Map(Object.entries(d.pendingLines ?? {}));
    this.trialWillEndSent = new Map(Object.entries(d.trialWillEndSent ?? {}));
    this.events = byId(d.events ?? []);
    this.deliveries = new Map(Object.entries(d.deliveries ?? {}));
    this.undelivered = d.undelivered ?? [];
    this.idempotency = new Map(Object.entries(d.idempotency ?? {}));
    this.invoiceSeq = new Map(Object.entries(d.invoiceSeq ?? {}));
  }
}

/** Writes the state file 200 ms after the last change (temp file + rename); an unreadable file is moved aside. */
export class Persistence {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    readonly file: string,
  ) {}

  load(): boolean {
    if (!existsSync(this.file)) return false;
    try {
      this.store.load(JSON.parse(readFileSync(this.file, "utf8")) as StandinData);
      return true;
    } catch (err) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      renameSync(this.file, aside);
      console.error(`[stripe-standin] state file unreadable, moved to ${aside}:`, err);
      return false;
    }
  }

  markDirty(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), 200);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.store.toData()));
      renameSync(tmp, this.file);
    } catch (err) {
      console.error("[stripe-standin] failed to write state file:", err);
    }
  }
}
