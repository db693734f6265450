// Load for every flow into Sage 100: the plan rules made (write some groups, or skip with a reason), the upsert by
// the reserved key (repeating it after a crash changes nothing), and the read-back that becomes the echo.
import type { CommandInput } from "@/agent/src/protocol";
import { AppError } from "@/lib/errors";
import type { SageRow } from "@/server/integrations/sage100/mappers/row";
import type { LoadResult, RecordMeta } from "../engine/flow";
import type { FlowRun } from "../engine/flow-run";
import type { FieldGroup } from "../rules/ownership";
import { settleTarget } from "../counterparts/links";
import type { Target } from "../counterparts/target";
import { sage100Command } from "./command";
import type { Sage100Side } from "./sides";

export type ToSage100Plan =
  | {
      kind: "write";
      key: string;
      how: Target["how"];
      command: CommandInput | null;
      current: SageRow | null;
      groups: FieldGroup[];
      yielded: FieldGroup[];
      echoSafe: boolean;
    }
  | { kind: "skip"; key: string | null; reason: string };

/** The write (an upsert by the reserved key, so repeating it after a crash changes nothing), then the read-back. */
export async function loadToSage100(
  ctx: FlowRun,
  side: Sage100Side,
  plan: ToSage100Plan,
  meta: RecordMeta,
): Promise<LoadResult> {
  if (plan.kind === "skip")
    return { counterpartId: plan.key ?? meta.externalId, request: plan, response: null, skipped: plan.reason };
  let after = plan.current;
  let response: unknown = null;
  if (plan.command) {
    response = await sage100Command(ctx, plan.command);
    after = await side.find(ctx, plan.key);
    if (!after)
      throw new AppError(
        "UPSTREAM",
        `Sage 100 accepted ${plan.key} but it cannot be read back yet; Ledgerlink will look again.`,
        { retryClass: "TRANSIENT", reason: "ReadBackMissing" },
      );
  }
  const echo = await settleTarget(ctx, {
    system: "SAGE100",
    model: side.model,
    key: plan.key,
    echoSafe: plan.echoSafe,
    yielded: plan.yielded,
    after: after && side.payloadOfRow(after, ctx.settings),
  });
  return {
    counterpartId: plan.key,
    request: plan.command ?? { nothingToWrite: true, key: plan.key, how: plan.how, yielded: plan.yielded },
    response: { result: response, groups: plan.groups },
    echo,
  };
}
