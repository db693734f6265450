// Test helpers: a simulator driver on a fresh simulator with a frozen clock, and a command runner.
import { ControllableClock, createSage100Simulator } from "../../sandbox/sage100";
import { executeCommand } from "../src/commands/execute-command";
import { createSimulatorDriver } from "../src/drivers/simulator/simulator-driver";
import type { CommandInput } from "../src/protocol";

export function newDriver(options: { company?: string; start?: string } = {}) {
  const clock = new ControllableClock({ start: options.start ?? "2025-03-15T10:30:00Z", frozen: true });
  const sim = createSage100Simulator({ clock });
  const driver = createSimulatorDriver({ sim, company: options.company });
  const run = (command: CommandInput, attempt = 1) =>
    executeCommand(driver, { type: command.type, payload: command.payload, attempt });
  const rows = (table: string, company = options.company ?? "ABC") => sim.inspect(company, [table]).tables[table] ?? [];
  return { sim, clock, driver, run, rows };
}
