// The KashFlow and Sage 100 simulators for local runs (wired in as each lands).
export type RunningSimulators = { env: Record<string, string>; banner: string[]; stop: () => Promise<void> };

export async function startSimulators(_dataDir: string, _log: (line: string) => void): Promise<RunningSimulators> {
  return { env: {}, banner: [], stop: async () => {} };
}
