// A body past a route's cap is refused with 413 without being read whole, declared or not.
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { PayloadTooLarge, readBodyCapped, withBodyLimit } from "./body-limit";

/** A chunked body of `chunks` × 64 KB that counts how much of it was pulled. */
function streamedBody(chunks: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(64 * 1024).fill(65));
    },
  });
  return { stream, pulled: () => pulled };
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/trpc/x", {
    method: "POST",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
}

describe("readBodyCapped", () => {
  it("refuses a declared Content-Length above the cap before reading anything", async () => {
    const body = streamedBody(10);
    await expect(
      readBodyCapped(post(body.stream, { "content-length": String(10 * 64 * 1024) }), 1024),
    ).rejects.toBeInstanceOf(PayloadTooLarge);
    expect(body.pulled()).toBeLessThanOrEqual(1);
  });

  it("stops a streamed body with no declared length as soon as it passes the cap", async () => {
    const body = streamedBody(1600); // 100 MB if read whole
    await expect(readBodyCapped(post(body.stream), 256 * 1024)).rejects.toBeInstanceOf(PayloadTooLarge);
    expect(body.pulled()).toBeLessThan(10);
  });

  it("returns a body within the cap byte for byte", async () => {
    const bytes = await readBodyCapped(post('{"ok":"é"}'), 1024);
    expect(new TextDecoder().decode(bytes)).toBe('{"ok":"é"}');
  });
});

describe("withBodyLimit", () => {
  it("answers 413 in JSON and never calls the handler for an oversize body", async () => {
    const handler = vi.fn(async () => new Response("ok"));
    const res = await withBodyLimit(1024, handler)(post("x".repeat(2048)));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "The request body is larger than 1 KB." },
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("hands the handler a request with the same method, headers and body", async () => {
    const handler = vi.fn(async (req: NextRequest) =>
      Response.json({ method: req.method, type: req.headers.get("content-type"), body: await req.text() }),
    );
    const res = await withBodyLimit(1024, handler)(post('{"a":1}', { "content-type": "application/json" }));
    expect(await res.json()).toEqual({ method: "POST", type: "application/json", body: '{"a":1}' });
    expect(handler.mock.calls[0]?.[0]).toBeInstanceOf(NextRequest);
  });

  it("passes GET requests through untouched", async () => {
    const handler = vi.fn(async () => new Response("ok"));
    const res = await withBodyLimit(1, handler)(new Request("http://localhost/api/trpc/x?input=%7B%7D"));
    expect(await res.text()).toBe("ok");
  });
});
