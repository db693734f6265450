// The boundaries `npm run lint` enforces (docs: shared/notes/architecture.md, "Dependencies point downward").
// Paths are resolved through tsconfig, so "@/…" and relative imports, type-only and dynamic imports all count.

/** Code that exists for tests, fixtures and the sandbox itself, which may reach the simulators. */
const NOT_PRODUCT = [
  "\\.test\\.tsx?$",
  "/test/",
  "/testing/",
  "/fixtures/",
  "^server/integrations/[^/]+/sandbox/",
  // The one door to the sandbox agents: an env-gated dynamic import.
  "^server/integrations/sage100/sandbox-gateway\\.ts$",
];

/** The simulators and what runs them: sandbox/, each integration's sandbox/ folder, the agent's simulator driver. */
const SIMULATORS = ["^sandbox/", "^server/integrations/[^/]+/sandbox/", "^agent/src/drivers/simulator/"];

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "lib-imports-server",
      comment: "lib/ holds pure helpers shared by all: it must not import server/.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^server/" },
    },
    {
      name: "integration-imports-sync",
      comment: "Integrations speak the canonical model (server/domain/), never the engine (server/sync/).",
      severity: "error",
      from: { path: "^server/integrations/", pathNot: "\\.test\\.tsx?$" },
      to: { path: "^server/sync/" },
    },
    {
      name: "product-imports-simulator",
      comment: "Product code never imports the simulators; sandbox agents load through sage100/sandbox-gateway.ts.",
      severity: "error",
      from: {
        path: "^(app|components|lib|server)/|^(instrumentation|instrumentation-node|proxy)\\.ts$",
        pathNot: NOT_PRODUCT,
      },
      to: { path: SIMULATORS },
    },
    {
      name: "agent-imports-sandbox",
      comment: "The agent owns the BOI types; only its simulator driver may load the simulator.",
      severity: "error",
      from: { path: "^agent/", pathNot: ["^agent/src/drivers/simulator/", "^agent/test/"] },
      to: { path: "^sandbox/" },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules"] },
    exclude: { path: ["^node_modules", "^\\.next", "^\\.data", "^server/generated/", "^agent/node_modules"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
    skipAnalysisNotInRules: true,
  },
};
