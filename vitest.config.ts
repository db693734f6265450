import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/node_modules/**", "e2e/**", ".data/**", ".next/**"],
    globalSetup: ["./tests/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    // next-auth imports "next/server" without an extension, which Node's ESM loader refuses: let Vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
    hookTimeout: 120_000,
  },
});
