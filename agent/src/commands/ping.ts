// ping: proves the whole path (server -> agent -> BOI session) works, and names the Sage company.
import type { ResultOf } from "../protocol";
import type { CommandContext } from "./context";

export async function ping(ctx: CommandContext): Promise<ResultOf<"ping">> {
  return {
    pong: true,
    sageCompany: String(ctx.handle.session.sCompanyCode ?? "").trim(),
    driver: ctx.driverName,
    sageDate: ctx.today,
  };
}
