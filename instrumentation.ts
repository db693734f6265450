// Runs once when the Next.js server starts; the Node-only part refuses to start on a bad environment.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./instrumentation-node");
}
