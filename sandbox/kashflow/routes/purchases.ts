// /purchases, /purchaselist and /nextavailablepurchasenumber (§7.4).
import type { Hono } from "hono";
import { z } from "zod";
import { saveDocument } from "../domain/documents";
import { KfError } from "../errors";
import { readJson, scope, send, type SandboxEnv } from "../http";
import type { SandboxStore } from "../store/store";
import { parseWith } from "../validation";
import { bulkDeleteDocs, documentRoutes, nextNumberRoute, parseDocInput } from "./documents";

export function registerPurchaseRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.route("/purchases", documentRoutes(store, "purchase"));
  api.delete("/purchaselist", bulkDeleteDocs(store, "purchase"));
  api.get("/nextavailablepurchasenumber", nextNumberRoute(store, "purchase"));

  // POST /purchaselist: batch create → 200 + positional [{BankTransactionId, ErrorCode, Reason}] (§7.4).
  api.post("/purchaselist", async (c) => {
    const s = scope(c, store);
    const items = parseWith(z.array(z.unknown()).min(1), await readJson(c));
    const results = items.map((item) => {
      try {
        const { doc } = saveDocument(s.doc, "purchase", null, parseDocInput("purchase", item));
        return {
          Number: doc.Number,
          BankTransactionId: doc.PaymentLines[0]?.BankTransactionId ?? 0,
          ErrorCode: 0,
          Reason: "",
        };
      } catch (err) {
        if (err instanceof KfError)
          return { Number: 0, BankTransactionId: 0, ErrorCode: err.status, Reason: err.message };
        throw err;
      }
    });
    store.onChange(s.account.Id);
    return send(c, 200, results);
  });
}
