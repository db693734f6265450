// VAT rates (§8.3): a bare array of {VATId, VATRate, VATText}; exempt lines use VATExempt, not a rate.
import type { Hono } from "hono";
import { badRequest, notFound } from "../errors";
import { dec4 } from "../format";
import { intParam, noContent, scope, send, type SandboxEnv } from "../http";
import { toUnits } from "../money";
import { referenceList } from "../paging";
import type { SandboxStore } from "../store/store";
import type { VatRateRec } from "../store/types";

const vatText = (rate4: number): string => `${rate4 / 10_000}%`;
export const vatRateView = (r: VatRateRec) => ({ VATId: r.VATId, VATRate: dec4(r.VATRate), VATText: r.VATText });

export function registerVatRoutes(api: Hono<SandboxEnv>, store: SandboxStore): void {
  api.get("/vat/settings/vatrates", (c) => {
    const s = scope(c, store);
    const rows = [...s.books.vatRates.values()].sort((a, b) => b.VATRate - a.VATRate);
    return send(c, 200, referenceList(c, s.cfg, rows, vatRateView));
  });

  api.post("/vat/settings/vatrates/:vatRate", (c) => {
    const s = scope(c, store);
    const raw = c.req.param("vatRate");
    const rate = toUnits(raw, 4);
    if (rate === null || rate < 0 || rate > 1_000_000) throw badRequest(`'${raw}' is not a valid VAT rate.`);
    if ([...s.books.vatRates.values()].some((r) => r.VATRate === rate))
      throw badRequest(`VAT rate ${rate / 10_000} already exists.`);
    const rec: VatRateRec = { VATId: s.books.next("vatRate"), VATRate: rate, VATText: vatText(rate) };
    s.books.vatRates.set(rec.VATId, rec);
    s.books.touch();
    store.onChange(s.account.Id);
    return send(c, 201, vatRateView(rec));
  });

  api.delete("/vat/settings/vatrates/:vatRateId", (c) => {
    const s = scope(c, store);
    const id = intParam(c, "vatRateId", "VAT rate");
    if (!s.books.vatRates.delete(id)) throw notFound(`VAT rate with id ${id} was not found.`);
    s.books.touch();
    store.onChange(s.account.Id);
    return noContent(c);
  });

  // §8.3: /vatrates and /settings/vatrates return the VAT settings object, not a list.
  const settings = (c: import("../http").Ctx) => {
    const s = scope(c, store);
    return send(c, 200, {
      IsVATRegistered: s.books.settings.VATRegistered,
      VATNumber: s.books.settings.VATNumber,
      VATScheme: "Standard",
      IsMTDEnabled: true,
      IsFlatRate: false,
      FlatRatePercentage: dec4(0),
      VATRegistrationDate: "2015-04-01 12:00:00",
    });
  };
  api.get("/vatrates", settings);
  api.get("/settings/vatrates", settings);
}
