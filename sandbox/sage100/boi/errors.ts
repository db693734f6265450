// Two failure channels, as in COM: BoiFailure becomes "return 0 + sLastErrorMsg"; ComError is thrown to the caller.
import { formatMessage, type MessageCode, type MessageParams } from "../messages";

/** Thrown inside the simulator to make the current BOI method return 0 with a catalogue message. */
export class BoiFailure extends Error {
  readonly code: MessageCode;
  readonly num: string;
  constructor(code: MessageCode, params: MessageParams = {}) {
    const { num, text } = formatMessage(code, params);
    super(text);
    this.name = "BoiFailure";
    this.code = code;
    this.num = num;
  }
}

export const HRESULT = {
  DISP_E_EXCEPTION: 0x80020009,
  DISP_E_UNKNOWNNAME: 0x80020006,
  RPC_E_CALL_FAILED: 0x800706be,
} as const;

/** What a COM binding (e.g. winax) throws: an Error with an HRESULT. */
export class ComError extends Error {
  readonly hresult: number;
  readonly source = "ProvideX.Script";
  readonly code: MessageCode;
  constructor(
    code: MessageCode,
    params: MessageParams = {},
    hresult: number = HRESULT.DISP_E_EXCEPTION,
    options?: { cause?: unknown },
  ) {
    super(formatMessage(code, params).text, options);
    this.name = "ComError";
    this.code = code;
    this.hresult = hresult;
  }
}

export function fail(code: MessageCode, params: MessageParams = {}): never {
  throw new BoiFailure(code, params);
}
