// Failures raised by command logic: what Sage said (sLastErrorMsg / sLastErrorNum) and where, before the catalogue
// turns it into plain English.

/** A BOI call returned 0 (or a check failed) with Sage's message. */
export class BoiFailure extends Error {
  constructor(
    readonly sageMessage: string,
    readonly context: { sageCode?: string; field?: string; call?: string } = {},
  ) {
    super(sageMessage || `Sage 100 refused ${context.call ?? "the call"} without a message`);
    this.name = "BoiFailure";
  }
}

/** The session is unusable (COM exception, or calls failing with no message): discard it and retry elsewhere. */
export class SessionLostError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SessionLostError";
  }
}

/** A rule of the agent refuses the command (a document number taken by someone else, a missing batch...). */
export class CommandRefusal extends Error {
  constructor(
    readonly code: "DUPLICATE" | "NOT_FOUND" | "INVALID_COMMAND" | "UNSUPPORTED" | "INVALID_VALUE",
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "CommandRefusal";
  }
}
