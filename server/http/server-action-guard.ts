// Server action calls Next.js would answer with a 500 (a foreign origin, a body that is not what its client sends,
// broken JSON, nesting deep enough to overflow the decoder) are refused by proxy.ts with a 4xx first.
import type { Refusal } from "./malformed-requests";

const MAX_DEPTH = 64;
/** Next's own cap on a server action's body (serverActions.bodySizeLimit), and what the proxy is given of it. */
export const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

export type ActionRequest = {
  headers: Headers;
  /** The body, read only when the headers leave the request standing. */
  readText: () => Promise<string>;
  readForm: () => Promise<FormData>;
};

const CODES: Record<number, string> = { 400: "BAD_REQUEST", 403: "FORBIDDEN", 413: "PAYLOAD_TOO_LARGE" };

function refusal(status: number, message: string): Refusal {
  return { status, code: CODES[status] ?? "BAD_REQUEST", message };
}

const TOO_LARGE = "The request body is larger than 1 MB.";

/** The origin the browser says it came from must be this app's own host (as the proxy in front names it). */
function foreignOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (!origin) return false;
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]?.trim();
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/** Deeper than `max` levels of [ or { — counted without parsing, so it cannot overflow anything itself. */
function nestedTooDeep(json: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      if (++depth > max) return true;
    } else if (c === "]" || c === "}") depth--;
  }
  return false;
}

/** A refusal for a server action call, or null to let Next run it. */
export async function refuseServerAction(request: ActionRequest): Promise<Refusal | null> {
  if (foreignOrigin(request.headers)) return refusal(403, "Server actions only answer this app's own pages.");
  if (Number(request.headers.get("content-length") ?? 0) > SERVER_ACTION_BODY_LIMIT) return refusal(413, TOO_LARGE);
  const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  // Next's client sends the arguments as JSON text, or as multipart form data when they hold a form.
  if (type === "multipart/form-data") {
    let form: FormData;
    try {
      form = await request.readForm();
    } catch {
      return refusal(400, "The form data could not be read.");
    }
    return request.headers.has("next-action") ? refuseEncodedArguments(form) : null;
  }
  if (type !== "text/plain") return refusal(400, "Server actions take text/plain or multipart/form-data.");
  const text = await request.readText().catch(() => null);
  if (text === null) return refusal(400, "The request body could not be read.");
  // Next hands the proxy whole socket chunks (≤ 64 KB) up to the cap of a longer body: one that ends that close to
  // the cap without declaring its length was cut short.
  const bytes = new TextEncoder().encode(text).byteLength;
  const undeclared = !request.headers.has("content-length");
  if (bytes >= SERVER_ACTION_BODY_LIMIT - (undeclared ? 64 * 1024 : 0)) return refusal(413, TOO_LARGE);
  if (nestedTooDeep(text, MAX_DEPTH)) return refusal(400, "The request body is nested too deeply.");
  let args: unknown;
  try {
    args = JSON.parse(text);
  } catch {
    return refusal(400, "The request body is not valid JSON.");
  }
  if (!argumentsReadable(args)) return refusal(400, ARGUMENTS_UNREADABLE);
  return null;
}

const ARGUMENTS_UNREADABLE = "The server action's arguments are not in the form its page sends.";

/**
 * React's reply encoding, as our pages send it: a JSON array of arguments whose only references are form data
 * ("$K1") or undefined. Anything else (a promise, a stream, a missing chunk) Next would decode into a 500.
 */
function argumentsReadable(args: unknown): boolean {
  if (!Array.isArray(args)) return false;
  const plain = (v: unknown, depth: number): boolean => {
    if (depth > MAX_DEPTH) return false;
    if (typeof v === "string") return !v.startsWith("$") || v.startsWith("$$") || /^\$(K[0-9a-f]+|undefined)$/.test(v);
    if (Array.isArray(v)) return v.every((x) => plain(x, depth + 1));
    if (v !== null && typeof v === "object") return Object.values(v).every((x) => plain(x, depth + 1));
    return typeof v !== "number" || Number.isFinite(v);
  };
  return plain(args, 0);
}

/** A multipart call: the arguments in field "0", a form's fields named "_<id>_<name>"; no other field, no NUL. */
function refuseEncodedArguments(form: FormData): Refusal | null {
  const root = form.get("0");
  if (typeof root !== "string") return refusal(400, ARGUMENTS_UNREADABLE);
  for (const [name, value] of form.entries()) {
    if (name !== "0" && !/^_[0-9a-f]+_[^\u0000]*$/.test(name)) return refusal(400, ARGUMENTS_UNREADABLE);
    if (typeof value === "string" && value.includes("\u0000"))
      return refusal(400, "The form data holds a NUL character.");
  }
  try {
    return argumentsReadable(JSON.parse(root)) ? null : refusal(400, ARGUMENTS_UNREADABLE);
  } catch {
    return refusal(400, ARGUMENTS_UNREADABLE);
  }
}
