// KashFlow's error body is {Message, Error}; clients are told to match on Error, so codes are stable strings.

export class KfError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  body(): { Message: string; Error: string } {
    return { Message: this.message, Error: this.code };
  }
}

export const badRequest = (message: string, code = "BadRequest"): KfError => new KfError(400, code, message);
export const notFound = (message: string): KfError => new KfError(404, "NotFound", message);

/** §2.3: the same 401 body for missing, malformed and expired tokens. */
export const invalidSession = (): KfError =>
  new KfError(401, "InvalidSessionToken", "Session token provided is invalid.");
export const accountLocked = (): KfError =>
  new KfError(401, "AccountLocked", "User account is locked, please contact administrator.");
