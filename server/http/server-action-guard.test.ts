// Server action calls that are not what this app's pages send get a 4xx instead of Next's 500.
import { describe, expect, it } from "vitest";
import { refuseServerAction } from "./server-action-guard";

function call(headers: Record<string, string>, body: string) {
  const request = new Request("http://localhost:3000/sign-in", {
    method: "POST",
    headers: { host: "localhost:3000", "next-action": "abc", ...headers },
    body,
  });
  return refuseServerAction({
    headers: request.headers,
    readText: () => request.text(),
    readForm: () => request.formData(),
  });
}

describe("refuseServerAction", () => {
  it("refuses a call from another origin with 403", async () => {
    const refusal = await call({ origin: "https://evil.example", "content-type": "text/plain" }, "[]");
    expect(refusal?.status).toBe(403);
  });

  it("refuses broken JSON, deep nesting and unknown body types with 400", async () => {
    const own = { origin: "http://localhost:3000" };
    expect((await call({ ...own, "content-type": "text/plain;charset=UTF-8" }, "[{bad"))?.status).toBe(400);
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    expect((await call({ ...own, "content-type": "text/plain" }, deep))?.message).toMatch(/nested too deeply/);
    expect((await call({ ...own, "content-type": "application/json" }, "{}"))?.status).toBe(400);
    expect((await call({ ...own, "content-type": "multipart/form-data; boundary=x" }, "garbage"))?.status).toBe(400);
  });

  it("refuses a body past Next's 1 MB cap with 413, declared or cut short by the proxy", async () => {
    const own = { origin: "http://localhost:3000", "content-type": "text/plain" };
    expect((await call({ ...own, "content-length": String(5 * 1024 * 1024) }, "[]"))?.status).toBe(413);
    expect((await call(own, `["${"a".repeat(1024 * 1024)}"]`))?.status).toBe(413);
    // What the proxy is handed of an undeclared 100 MB body: whole chunks just short of the cap.
    const cut = new Request("http://localhost:3000/sign-in", {
      method: "POST",
      headers: { host: "localhost:3000", ...own },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(`["${"a".repeat(1000 * 1024)}`));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(
      await refuseServerAction({ headers: cut.headers, readText: () => cut.text(), readForm: () => cut.formData() }),
    ).toMatchObject({ status: 413 });
  });

  it("lets the app's own calls through: JSON arguments or a form, from its own origin", async () => {
    expect(
      await call({ origin: "http://localhost:3000", "content-type": "text/plain" }, '["$undefined",{}]'),
    ).toBeNull();
    const form = new FormData();
    form.set("email", "a@example.test");
    const request = new Request("http://localhost:3000/sign-in", { method: "POST", body: form });
    const refusal = await refuseServerAction({
      headers: new Headers({
        host: "localhost:3000",
        origin: "http://localhost:3000",
        "content-type": request.headers.get("content-type") ?? "",
      }),
      readText: () => request.text(),
      readForm: () => request.formData(),
    });
    expect(refusal).toBeNull();
  });

  it("judges the origin against the host the proxy in front forwarded", async () => {
    const refusal = await call(
      { origin: "https://app.example", "x-forwarded-host": "app.example", "content-type": "text/plain" },
      "[]",
    );
    expect(refusal).toBeNull();
  });

  it("takes only arguments encoded as the app's pages encode them; Next would decode anything else into a 500", async () => {
    const own = { origin: "http://localhost:3000" };
    const multipart = async (fields: [string, string][]) => {
      const form = new FormData();
      for (const [k, v] of fields) form.append(k, v);
      const request = new Request("http://localhost:3000/sign-in", { method: "POST", body: form });
      return refuseServerAction({
        headers: new Headers({
          host: "localhost:3000",
          ...own,
          "next-action": "abc",
          "content-type": request.headers.get("content-type") ?? "",
        }),
        readText: () => request.text(),
        readForm: () => request.formData(),
      });
    };
    // What React's encodeReply sends for useActionState: the arguments in "0", the form's fields under "_1_".
    expect(
      await multipart([
        ["0", '[{},"$K1"]'],
        ["_1_email", "a@example.test"],
      ]),
    ).toBeNull();
    expect(await multipart([["callbackUrl", "-1"]])).toMatchObject({ status: 400 });
    expect(await multipart([["0", "2025-02-30"]])).toMatchObject({ status: 400 });
    expect(await multipart([["0", '["$@1"]']])).toMatchObject({ status: 400 });
    expect(
      await multipart([
        ["0", "[]"],
        ["_1_email", "a\u0000b"],
      ]),
    ).toMatchObject({ status: 400 });
    const text = (body: string) => call({ ...own, "content-type": "text/plain;charset=UTF-8" }, body);
    expect(await text("-1e309")).toMatchObject({ status: 400 });
    expect(await text('{"a":1}')).toMatchObject({ status: 400 });
    expect(await text('["$Q1"]')).toMatchObject({ status: 400 });
    expect(await text('["$$dollar text", 1, null]')).toBeNull();
  });
});
