// What a flow's plan means for going live: a record created, an existing one updated, one matched to a record the
// other system already had (first connect), or nothing to write (skip, with the flow's own reason). Also the link
// the plan would make (a customer's Sage 100 key), so the documents planned after it name it as they will.
import type { FlowDefinition } from "@/server/sync/engine/flow";
import type { ModelName } from "@/server/domain/model";

export type PlanOutcome = {
  outcome: "create" | "update" | "match" | "skip";
  target: string;
  note: string | null;
  /** The link going live would make: KashFlow id ⇄ Sage 100 key. */
  link?: { kashflowId: string; sage100Key: string };
  /** A KashFlow record (product) going live would create. */
  newKashflowKey?: string;
};

type Loose = Record<string, unknown>;
type How = "linked" | "reserved" | "chosen" | "matched" | "new";

const SAGE_NOUN: Partial<Record<ModelName, string>> = {
  customer: "A/R customer",
  supplier: "A/P vendor",
  item: "Sage 100 item",
};
const KASHFLOW_NOUN: Partial<Record<ModelName, string>> = {
  customer: "KashFlow customer",
  supplier: "KashFlow supplier",
  item: "KashFlow product",
};

const skip = (target: string, reason: unknown): PlanOutcome => ({
  outcome: "skip",
  target,
  note: typeof reason === "string" ? reason : null,
});

/** Customers, vendors and items into Sage 100: new key, first-connect match, Match review choice, or an update. */
function toSage100(flow: FlowDefinition, plan: Loose, externalId: string): PlanOutcome {
  const noun = SAGE_NOUN[flow.model] ?? "Sage 100 record";
  if (plan.kind === "skip") return skip(`${noun} ${String(plan.key ?? "")}`.trim(), plan.reason);
  const key = String(plan.key);
  const target = `${noun} ${key}`;
  const link = { kashflowId: externalId, sage100Key: key };
  const how = plan.how as How;
  // A key reserved by an earlier preview: an existing Sage row means it was matched, none that it is new.
  const matched = how === "matched" || how === "chosen" || (how === "reserved" && plan.current != null);
  if (how === "new" || (how === "reserved" && plan.current == null))
    return { outcome: "create", target, note: null, link };
  if (matched)
    return {
      outcome: "match",
      target,
      note: how === "chosen" ? "Chosen in Match review." : "Already in Sage 100: linked, not created again.",
      link,
    };
  if (!plan.command) return { ...skip(target, "Already the same in Sage 100."), link };
  return { outcome: "update", target, note: null, link };
}

/** Customers, suppliers and products into KashFlow. */
function toKashflow(flow: FlowDefinition, plan: Loose, externalId: string): PlanOutcome {
  const noun = KASHFLOW_NOUN[flow.model] ?? "KashFlow record";
  const key = String(plan.code ?? plan.key ?? "");
  if (plan.kind === "skip") return skip(`${noun} ${key}`.trim(), plan.reason);
  const target = `${noun} ${key}`;
  const link = { kashflowId: key, sage100Key: externalId };
  if (plan.create) return { outcome: "create", target, note: null, link, newKashflowKey: key };
  if (!plan.update) return { ...skip(target, "Already the same in KashFlow."), link };
  return { outcome: "update", target, note: null, link };
}

function salesInvoice(plan: Loose, externalId: string): PlanOutcome {
  if (plan.mode === "summary") {
    if (plan.kind === "stage")
      return { outcome: "create", target: `Line of the G/L journal for ${String(plan.day)}`, note: null };
    if (plan.kind === "same") return skip("Sage 100 G/L journal", plan.why);
    if (plan.kind === "skip") return skip("Sage 100 G/L journal", plan.reason);
    return {
      outcome: "update",
      target: `Reversal in the G/L journal for ${String(plan.day ?? "")}`.trim(),
      note: null,
    };
  }
  if (plan.kind === "enter") {
    const command = plan.command as { invoiceNo: string; invoiceType?: string };
    const noun =
      command.invoiceType === "CM"
        ? "A/R credit memo"
        : command.invoiceType === "DM"
          ? "A/R debit memo"
          : "A/R invoice";
    return {
      outcome: plan.replaces ? "update" : "create",
      target: `${noun} ${command.invoiceNo} for customer ${String(plan.customer)}`,
      note: null,
      link: { kashflowId: externalId, sage100Key: command.invoiceNo },
    };
  }
  if (plan.kind === "same") return skip("Sage 100 A/R", plan.why);
  if (plan.kind === "skip") return skip("Sage 100 A/R", plan.reason);
  const doc = (plan.doc ?? {}) as Loose;
  return {
    outcome: "update",
    target: `${plan.kind === "remove" ? "Taken out of its batch" : "Reversed"}: Sage 100 ${String(doc.number ?? "")}`,
    note: null,
  };
}

function purchase(plan: Loose, externalId: string): PlanOutcome {
  const command = (plan.command as { payload?: { division: string; vendorNo: string; invoiceNo: string } } | undefined)
    ?.payload;
  const target = command
    ? `A/P invoice ${command.invoiceNo} for vendor ${command.division}-${command.vendorNo}`
    : `Sage 100 A/P ${String(plan.key ?? "")}`.trim();
  if (plan.kind === "post")
    return { outcome: "create", target, note: null, link: { kashflowId: externalId, sage100Key: String(plan.key) } };
  if (plan.kind === "adopt")
    return {
      outcome: "match",
      target,
      note: "Sage 100 already has this bill for the same amount: linked, not entered again.",
    };
  if (plan.kind === "reverse") return { outcome: "update", target: `Reversal of ${target}`, note: null };
  return skip(target, plan.reason ?? (plan.kind === "unchanged" ? "Already in Sage 100, unchanged." : null));
}

function payment(plan: Loose): PlanOutcome {
  const receipt = plan.command as { type?: string; payload?: Loose } | undefined;
  const p = receipt?.payload ?? {};
  if (plan.kind === "receipt")
    return {
      outcome: "create",
      target: `Cash receipt ${String(p.checkNo)} for customer ${String(p.division)}-${String(p.customerNo)}`,
      note: null,
    };
  if (plan.kind === "check")
    return {
      outcome: "create",
      target: `A/P manual check ${String(p.checkNo)} to vendor ${String(p.division)}-${String(p.vendorNo)}`,
      note: null,
    };
  if (plan.kind === "adopt" || plan.kind === "adopt_check")
    return {
      outcome: "match",
      target: `Sage 100 ${String(plan.key)}`,
      note: "Sage 100 already has it: linked, not entered again.",
    };
  if (plan.kind === "reverse")
    return { outcome: "update", target: `Reversing cash receipt ${String(p.checkNo ?? "")}`, note: null };
  return skip(
    "Sage 100 cash receipts",
    plan.reason ?? (plan.kind === "unchanged" ? "Already in Sage 100, unchanged." : null),
  );
}

function paymentsBack(plan: Loose): PlanOutcome {
  const target = `KashFlow invoice ${String(plan.kashflowNumber)}`;
  if (plan.kind === "add") {
    const n = Array.isArray(plan.payments) ? plan.payments.length : 0;
    return { outcome: "create", target: `${n} payment${n === 1 ? "" : "s"} on ${target}`, note: null };
  }
  return skip(target, plan.reason);
}

function orderStatus(plan: Loose): PlanOutcome {
  if (plan.kind === "write")
    return { outcome: "update", target: `"Shipped" on KashFlow invoice ${String(plan.invoice)}`, note: null };
  return skip("KashFlow invoice", plan.reason);
}

/** The outcome of a plan that rules and validate let through; stock is decided by the caller (it reads KashFlow). */
export function planOutcome(flow: FlowDefinition, plan: unknown, externalId: string): PlanOutcome {
  const p = (plan ?? {}) as Loose;
  switch (flow.model) {
    case "customer":
    case "supplier":
    case "item":
      return flow.target === "SAGE100" ? toSage100(flow, p, externalId) : toKashflow(flow, p, externalId);
    case "sales_invoice":
      return salesInvoice(p, externalId);
    case "purchase_invoice":
      return purchase(p, externalId);
    case "payment":
      return flow.source === "SAGE100" ? paymentsBack(p) : payment(p);
    case "order_status":
      return orderStatus(p);
    default:
      return p.kind === "skip" ? skip(flow.label, p.reason) : { outcome: "update", target: flow.label, note: null };
  }
}
