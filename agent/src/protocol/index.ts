// The agent protocol: what the server sends (commands), what the agent answers (results, heartbeats, changes).
// Imported by the server as "@/agent/src/protocol"; depends on zod only.
export * from "./values";
export * from "./errors";
export * from "./change-tables";
export * from "./commands";
export * from "./reference-lists";
export * from "./wire";
