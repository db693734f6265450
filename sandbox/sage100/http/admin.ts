// Admin endpoints (x-admin-key header): faults at run time, session drops, company reset/seed/options, inventory
// adjustments "made by a Sage user", the clock, and forcing a state-file flush.
import type { Hono } from "hono";
import { z } from "zod";
import { ControllableClock } from "../clock";
import { faultPatchSchema, sessionFailureModeSchema } from "../faults";
import type { Sage100Simulator } from "../simulator";
import { companyOptionsSchema } from "../tables/company";

const resetSchema = z.object({
  template: z.enum(["demo", "divisions", "minimal"]).optional(),
  name: z.string().min(1).max(50).optional(),
});
const clockSchema = z.object({
  set: z.string().optional(),
  advanceMs: z.number().optional(),
  advanceDays: z.number().optional(),
  freeze: z.boolean().optional(),
});
const inventorySchema = z.object({
  itemCode: z.string().min(1),
  warehouseCode: z.string().min(1),
  quantity: z.number(),
});
const optionsPatchSchema = companyOptionsSchema
  .partial()
  .extend({ batchProcessing: companyOptionsSchema.shape.batchProcessing.partial().optional() });

export function registerAdminRoutes(app: Hono, sim: Sage100Simulator, adminKey: string): void {
  app.use("/admin/*", async (c, next) => {
    if (c.req.header("x-admin-key") !== adminKey)
      return c.json({ error: { message: "Missing or wrong x-admin-key header" } }, 401);
    await next();
  });

  const clockInfo = () => ({
    now: sim.clock.now().toISOString(),
    frozen: sim.clock instanceof ControllableClock ? sim.clock.frozen : false,
    controllable: sim.clock instanceof ControllableClock,
  });

  app.get("/admin/state", (c) =>
    c.json({
      faults: sim.faults.settings,
      sessions: sim.sessionInfo(),
      seatsInUse: sim.seatsInUse(),
      licenseSeats: sim.licenseSeats(),
      clock: clockInfo(),
      stateFile: sim.stateFile,
    }),
  );
  app.get("/admin/faults", (c) => c.json(sim.faults.settings));
  app.patch("/admin/faults", async (c) => c.json(sim.faults.update(faultPatchSchema.parse(await c.req.json()))));
  app.put("/admin/faults", async (c) => {
    sim.faults.reset();
    return c.json(sim.faults.update(faultPatchSchema.parse(await c.req.json())));
  });
  app.delete("/admin/faults", (c) => c.json(sim.faults.reset()));

  app.post("/admin/sessions/drop", async (c) => {
    const body = z
      .object({ mode: sessionFailureModeSchema.default("exception") })
      .parse(await c.req.json().catch(() => ({})));
    return c.json({ dropped: sim.dropAllSessions(body.mode) });
  });

  app.post("/admin/companies/:co/reset", async (c) => {
    const body = resetSchema.parse(await c.req.json().catch(() => ({})));
    const company = sim.resetCompany(c.req.param("co"), body.template ?? "demo", body.name);
    return c.json({ company: sim.listCompanies().find((x) => x.code === company.code) });
  });
  app.delete("/admin/companies/:co", (c) =>
    sim.deleteCompany(c.req.param("co"))
      ? c.json({ deleted: true })
      : c.json({ error: { message: "No such company" } }, 404),
  );
  app.patch("/admin/companies/:co/options", async (c) => {
    const patch = optionsPatchSchema.parse(await c.req.json());
    return c.json({
      options: sim.updateOptions(c.req.param("co"), patch as Parameters<Sage100Simulator["updateOptions"]>[1]),
    });
  });
  app.post("/admin/companies/:co/inventory", async (c) => {
    const body = inventorySchema.parse(await c.req.json());
    return c.json({
      itemWarehouse: sim.adjustInventory(c.req.param("co"), body.itemCode, body.warehouseCode, body.quantity),
    });
  });

  app.post("/admin/clock", async (c) => {
    if (!(sim.clock instanceof ControllableClock))
      return c.json({ error: { message: "This simulator was created with a fixed clock" } }, 409);
    const body = clockSchema.parse(await c.req.json().catch(() => ({})));
    if (body.freeze === true) sim.clock.freeze();
    if (body.freeze === false) sim.clock.unfreeze();
    if (body.set) sim.clock.set(body.set);
    if (body.advanceMs) sim.clock.advance(body.advanceMs);
    if (body.advanceDays) sim.clock.advance(body.advanceDays * 86_400_000);
    return c.json(clockInfo());
  });

  app.post("/admin/persist", (c) => {
    sim.flush();
    return c.json({ flushed: true, stateFile: sim.stateFile });
  });
}
