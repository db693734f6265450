// Requests Next.js itself answers with a 500 are refused before it sees them: TRACE (its Request constructor throws)
// and a path that is not valid percent-encoding (its 400 page does not exist in an App Router app).
import http from "node:http";

export type Refusal = { status: number; code: string; message: string; headers?: Record<string, string> };

const UNSUPPORTED_METHODS = new Set(["TRACE", "TRACK", "CONNECT"]);

/** What to answer instead of handing the request to Next, or null to hand it on. */
export function refuseMalformedRequest(method: string | undefined, url: string | undefined): Refusal | null {
  if (method && UNSUPPORTED_METHODS.has(method.toUpperCase()))
    return {
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: `${method.toUpperCase()} is not supported.`,
      headers: { allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" },
    };
  const path = (url ?? "/").split(/[?#]/, 1)[0] ?? "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { status: 400, code: "BAD_REQUEST", message: "The address is not valid (broken percent-encoding)." };
  }
  if (decoded.includes("\u0000"))
    return { status: 400, code: "BAD_REQUEST", message: "The address is not valid (it contains a NUL character)." };
  // Browsers resolve "." and ".." before they send; one left in (often percent-encoded) is a probe, and Next would
  // route the resolved path somewhere else entirely (a 404 page answering a form post with a 500).
  if (decoded.split("/").some((segment) => segment === "." || segment === ".."))
    return { status: 400, code: "BAD_REQUEST", message: "The address is not valid (it has . or .. segments)." };
  return null;
}

const INSTALLED = Symbol.for("ledgerlink.malformedRequestGuard");

/** Puts the check in front of every HTTP server of this process (Next's own included); installs once. */
export function installMalformedRequestGuard(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      const refusal = refuseMalformedRequest(req.method, req.url);
      if (refusal) {
        res.writeHead(refusal.status, {
          "content-type": "application/json",
          "cache-control": "no-store",
          "x-content-type-options": "nosniff",
          ...refusal.headers,
        });
        res.end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
        req.resume();
        return true;
      }
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(
      this,
      event,
      ...args,
    );
  } as typeof proto.emit;
}
