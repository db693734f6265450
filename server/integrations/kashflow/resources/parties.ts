// Customers (§4) and suppliers (§5): paged lists of summaries, detail by Code, writes, and complete sweeps.
import type { z } from "zod";
import type { ClientCore } from "../client-core";
import { fetchPages, listAll, mapConcurrent, uniqueRecords, type ListResult, type Page } from "../paging";
import type { Query } from "../http";
import { customerSchema, type KfCustomer } from "../schemas/customer";
import type { KfCustomerInput, KfSupplierInput } from "../schemas/payloads";
import { supplierSchema, type KfSupplier } from "../schemas/supplier";
import { call, getOne, orNull, remove, seg } from "./request";

export type PartyListFilters = {
  nameStartsWith?: string;
  searchText?: string;
  hideArchived?: boolean;
  createdFrom?: string;
  createdTo?: string;
};

export type PartyResource<T, I> = {
  pages(filters?: PartyListFilters): AsyncGenerator<Page<T>>;
  /** Every summary row once (deduped by Code). */
  list(filters?: PartyListFilters): AsyncGenerator<T>;
  get(code: string): Promise<T>;
  find(code: string): Promise<T | null>;
  create(input: I): Promise<T>;
  /** PUT; a different Code in the body renames the record. */
  update(code: string, input: Partial<I>): Promise<T>;
  delete(code: string): Promise<void>;
  /** Every record with full detail, and whether the sweep is complete enough to infer deletions. */
  sweep(o?: { details?: boolean }): Promise<ListResult<T>>;
};

const codeKey = (code: string) => code.trim().toUpperCase();

function partyResource<T extends { Code: string }, I>(
  core: ClientCore,
  o: { segment: "customers" | "suppliers"; label: "customer" | "supplier"; schema: z.ZodType<T> },
): PartyResource<T, I> {
  const query = (f: PartyListFilters = {}): Query => ({
    namestartswith: f.nameStartsWith,
    searchtext: f.searchText,
    filterarchived: f.hideArchived,
    startcreationdate: f.createdFrom,
    endcreationdate: f.createdTo,
  });
  const pages = (f?: PartyListFilters) =>
    fetchPages(
      core,
      { path: `/${o.segment}`, query: query(f), subject: `the ${o.label} list`, rowLabel: `a ${o.label}` },
      o.schema,
    );
  const get = (code: string) => getOne(core, `/${o.segment}/${seg(code)}`, `${o.label} ${code}`, o.schema);
  const write = async (method: "POST" | "PUT", path: string, input: unknown, subject: string) =>
    (await call(core, { method, path, body: input, action: "saving", subject }, o.schema, `the saved ${o.label}`)).data;

  return {
    pages,
    list: (f) => uniqueRecords(pages(f), (r) => codeKey(r.Code)),
    get,
    find: (code) => orNull(get(code)),
    create: (input) =>
      write("POST", `/${o.segment}`, input, `${o.label} ${(input as { Code?: string }).Code ?? ""}`.trim()),
    update: (code, input) => write("PUT", `/${o.segment}/${seg(code)}`, input, `${o.label} ${code}`),
    delete: (code) => remove(core, `/${o.segment}/${seg(code)}`, `${o.label} ${code}`),
    async sweep(opts = {}) {
      const result = await listAll(pages(), (r) => codeKey(r.Code));
      if (opts.details === false) return result;
      // List rows are summaries (§3.4): read each record in full; one deleted meanwhile simply drops out.
      const detailed = await mapConcurrent(result.records, core.behaviour.detailConcurrency, (r) =>
        orNull(get(r.Code)),
      );
      return { ...result, records: detailed.filter((r): r is Awaited<T> => r !== null) };
    },
  };
}

export const customersResource = (core: ClientCore) =>
  partyResource<KfCustomer, KfCustomerInput>(core, { segment: "customers", label: "customer", schema: customerSchema });

export const suppliersResource = (core: ClientCore) =>
  partyResource<KfSupplier, KfSupplierInput>(core, { segment: "suppliers", label: "supplier", schema: supplierSchema });
