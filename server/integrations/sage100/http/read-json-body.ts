// Reads a request body as JSON without ever holding more than `limit` bytes: a declared or streamed oversize body
// is refused with 413 before it is parsed.
import { AppError } from "@/lib/errors";
import { PayloadTooLarge, readBodyCapped } from "@/server/http/body-limit";

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${Math.round(limit / 1024)} KB.`);
    this.name = "BodyTooLarge";
  }
}

export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyCapped(request, limit);
  } catch (error) {
    if (error instanceof PayloadTooLarge) throw new BodyTooLarge(limit);
    throw error;
  }
  const text = Buffer.from(bytes).toString("utf8");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "The request body is not valid JSON.");
  }
}
