// Whether a database URL points at this machine: `db:reset` refuses anything else without --force.
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function databaseHost(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  // libpq-style `?host=/var/run/postgresql` (a Unix socket) wins over the URL's host part.
  return url.searchParams.get("host") ?? url.hostname;
}

export function isLocalDatabase(databaseUrl: string): boolean {
  const host = databaseHost(databaseUrl);
  return host === "" || host.startsWith("/") || LOCAL_HOSTS.has(host.toLowerCase()) || host.endsWith(".localhost");
}
