// How one request reaches KashFlow: undici's request() — a quarter of fetch's CPU per call, which a sync reading
// thousands of invoices one GET at a time pays on every one — or an injected fetch (tests that fake the network).
import { request, type Dispatcher } from "undici";
import type { RawResponse } from "./http";

export type SendInit = {
  method: Dispatcher.HttpMethod;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
};
export type Send = (url: URL, init: SendInit) => Promise<RawResponse>;

export const undiciSend: Send = async (url, init) => {
  const res = await request(url, { method: init.method, headers: init.headers, body: init.body, signal: init.signal });
  // Read under the same signal: a server may hang after the headers.
  const text = await res.body.text();
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  return { status: res.statusCode, headers, text };
};

export const fetchSend =
  (f: typeof fetch): Send =>
  async (url, init) => {
    const res = await f(url, init);
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
