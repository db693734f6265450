// COM semantics for every BOI object: a Proxy that (1) rejects released objects and unknown members like
// IDispatch, (2) applies fault injection per call, (3) clears sLastErrorMsg per call and turns BoiFailure into a
// 0 return, and (4) turns simulator bugs into COM exceptions. Internal code uses the raw target, never the proxy.
import { formatMessage, type MessageCode, type MessageParams } from "../messages";
import type { SessionHandle, SimCore } from "./context";
import { BoiFailure, ComError, HRESULT } from "./errors";

export abstract class ComBase {
  readonly id: number;
  readonly sim: SimCore;
  released = false;
  protected errorMsg = "";
  protected errorNum = "";
  protected warned = false;

  constructor(sim: SimCore) {
    this.sim = sim;
    this.id = sim.nextId();
  }

  get sLastErrorMsg(): string {
    return this.errorMsg;
  }

  get sLastErrorNum(): string {
    return this.errorNum;
  }

  /** Session whose fault state applies to this object (null for ProvideX.Script itself). */
  abstract owningSession(): SessionHandle | null;

  /** ProvideX.Script keeps working when a session is "dead" (only its sessions die). */
  get exemptFromDeadSession(): boolean {
    return false;
  }

  clearError(): void {
    this.errorMsg = "";
    this.errorNum = "";
    this.warned = false;
  }

  setError(num: string, text: string): void {
    this.errorMsg = text;
    this.errorNum = num;
  }

  /** Records a warning: the value/record is accepted and the method returns -1. */
  protected warn(code: MessageCode, params: MessageParams = {}): void {
    const { num, text } = formatMessage(code, params);
    this.setError(num, text);
    this.warned = true;
  }

  /** 1, or -1 when a warning was recorded during this call. */
  protected success(): 1 | -1 {
    return this.warned ? -1 : 1;
  }

  /** Frees locks, batch holds and children; called by DropObject and session teardown. */
  abstract releaseResources(): void;

  DropObject(): number {
    this.releaseResources();
    this.released = true;
    return 1;
  }
}

const COM_MEMBER = /^(?:[nsoi][A-Z]|DropObject$|Init$|NewObject$|Execute$|Evaluate$|Run$|Reset$)/;
const proxies = new WeakMap<object, object>();
const targets = new WeakMap<object, object>();

function findDescriptor(obj: object, prop: string): PropertyDescriptor | undefined {
  for (let o: object | null = obj; o; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, prop);
    if (d) return d;
  }
  return undefined;
}

/** Runs fault checks for one call; returns "dead" when the call must silently fail. */
function guard(target: ComBase): "ok" | "dead" {
  if (target.released) throw new ComError("COM_RELEASED");
  target.sim.faults.onCall();
  const global = target.sim.faults.settings.sessionFailure;
  const session = target.owningSession();
  if (session?.released && session !== (target as unknown)) throw new ComError("COM_RELEASED");
  if (global === "exception" || session?.killed === "exception")
    throw new ComError("COM_SERVER_GONE", {}, HRESULT.RPC_E_CALL_FAILED);
  if (!target.exemptFromDeadSession && (global === "dead" || session?.killed === "dead")) return "dead";
  return "ok";
}

const deadValue = (prop: string): string | number => (prop.startsWith("s") ? "" : 0);

/** Wraps a BOI object the way a COM binding exposes it. Idempotent. */
export function comWrap<T extends ComBase>(target: T): T {
  const existing = proxies.get(target);
  if (existing) return existing as T;
  const methods = new Map<string, (...args: unknown[]) => unknown>();
  const proxy = new Proxy(target, {
    get(t, prop) {
      if (typeof prop !== "string" || !COM_MEMBER.test(prop)) return Reflect.get(t, prop, t);
      const desc = findDescriptor(t, prop);
      if (!desc) throw new ComError("COM_NO_MEMBER", { member: prop }, HRESULT.DISP_E_UNKNOWNNAME);
      if (desc.get) {
        // a dead session still hands out child objects (oLines); their calls then fail silently too
        if (guard(t) === "dead" && !prop.startsWith("o")) return deadValue(prop);
        return desc.get.call(t);
      }
      if (typeof desc.value !== "function") return desc.value;
      let wrapped = methods.get(prop);
      if (!wrapped) {
        const fn = desc.value as (...args: unknown[]) => unknown;
        wrapped = (...args: unknown[]) => {
          if (guard(t) === "dead") return deadValue(prop);
          t.clearError();
          try {
            return fn.apply(t, args);
          } catch (err) {
            if (err instanceof BoiFailure) {
              t.setError(err.num, err.message);
              return prop.startsWith("s") ? "" : 0;
            }
            if (err instanceof ComError) throw err;
            const reason = err instanceof Error ? err.message : String(err);
            throw new ComError("COM_INTERNAL", { method: prop, reason }, HRESULT.DISP_E_EXCEPTION, { cause: err });
          }
        };
        methods.set(prop, wrapped);
      }
      return wrapped;
    },
    set(t, prop, value) {
      if (typeof prop === "string" && COM_MEMBER.test(prop))
        throw new ComError("COM_NO_MEMBER", { member: `${prop} (read-only)` });
      return Reflect.set(t, prop, value, t);
    },
  });
  proxies.set(target, proxy);
  targets.set(proxy, target);
  return proxy;
}

/** The raw simulator object behind a proxy (or the value itself when it is not a proxy). */
export function unwrapCom<T>(value: unknown): T | undefined {
  if (value === null || typeof value !== "object") return undefined;
  return (targets.get(value) ?? value) as T;
}
