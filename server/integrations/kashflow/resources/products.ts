// Products (§6.2): keyed by (NominalCode, Code); stock is QuantityInStock, adjusted by PUT (no adjustment endpoint).
import { AppError } from "@/lib/errors";
import type { ClientCore } from "../client-core";
import { fetchPages, listAll, uniqueRecords } from "../paging";
import type { KfProductInput } from "../schemas/payloads";
import { productSchema, type KfProduct } from "../schemas/product";
import { toDecimal } from "@/server/domain/canonical/money";
import { call, getOne, orNull, remove, seg } from "./request";

export const productKey = (p: { NominalCode: number; Code: string }): string =>
  `${p.NominalCode}/${p.Code.trim().toUpperCase()}`;

export type ProductFilters = { nominalCode?: number; inUseOnly?: boolean; startsWith?: string };

export function productsResource(core: ClientCore) {
  const pages = (f: ProductFilters = {}) =>
    fetchPages(
      core,
      {
        path: f.nominalCode !== undefined ? `/nominals/${f.nominalCode}/products` : "/products/list",
        // The list hides unused products unless told otherwise (§6.2): a sweep must see them all.
        query: { filterbyinuseonly: f.inUseOnly ?? false, filterbycharacter: f.startsWith },
        subject: "the product list",
        rowLabel: "a product",
      },
      productSchema,
    );
  const path = (nominalCode: number, code: string) => `/products/${nominalCode}/${seg(code)}`;
  const get = (nominalCode: number, code: string) =>
    getOne(core, path(nominalCode, code), `product ${code} (nominal ${nominalCode})`, productSchema);
  const write = async (method: "POST" | "PUT", p: string, body: unknown, subject: string) =>
    (await call(core, { method, path: p, body, action: "saving", subject }, productSchema, "the saved product")).data;

  return {
    pages,
    list: (f?: ProductFilters) => uniqueRecords(pages(f), productKey),
    get,
    find: (nominalCode: number, code: string) => orNull(get(nominalCode, code)),
    create: (input: KfProductInput) => write("POST", "/products", input, `product ${input.Code}`),
    update: (nominalCode: number, code: string, input: Partial<KfProductInput>) =>
      write("PUT", path(nominalCode, code), input, `product ${code}`),
    delete: (nominalCode: number, code: string) => remove(core, path(nominalCode, code), `product ${code}`),
    /** Product list rows are complete records, so a sweep needs no detail reads. */
    sweep: () => listAll(pages(), productKey),
    /** Sets the stock on hand: GET the product, PUT it back whole with the new quantity. */
    async setStock(nominalCode: number, code: string, quantity: string): Promise<KfProduct> {
      const subject = `the stock of product ${code}`;
      const current = await core.http.json({
        method: "GET",
        path: path(nominalCode, code),
        action: "reading",
        subject,
      });
      const q = toDecimal(quantity);
      if (q === null)
        throw new AppError("INTERNAL", `"${quantity}" is not a stock quantity.`, {
          retryClass: "BUG",
          reason: "InvalidQuantity",
        });
      const body = { ...(current as Record<string, unknown>), QuantityInStock: Number(q) };
      return write("PUT", path(nominalCode, code), body, subject);
    },
  };
}
export type ProductsResource = ReturnType<typeof productsResource>;
