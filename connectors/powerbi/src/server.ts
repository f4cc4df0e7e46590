// `node dist/server.js`: the OData proxy on PROXY_PORT (default 8788) in front of LAYER_API_URL.
import { startProxy } from "./proxy/server-control.js";

const port = Number(process.env["PROXY_PORT"] ?? 8788);
const upstreamUrl = process.env["LAYER_API_URL"] ?? "http://127.0.0.1:8787";
const proxy = await startProxy({
  port,
  host: process.env["PROXY_HOST"] ?? "127.0.0.1",
  upstreamUrl,
  ...(process.env["PROXY_PUBLIC_URL"] ? { publicUrl: process.env["PROXY_PUBLIC_URL"] } : {}),
  allowQueryToken: process.env["PROXY_ALLOW_QUERY_TOKEN"] === "1",
  trustForwarded: process.env["PROXY_TRUST_FORWARDED"] === "1",
  ...(process.env["PROXY_PAGE_SIZE"] ? { pageSize: Number(process.env["PROXY_PAGE_SIZE"]) } : {}),
  ...(process.env["PROXY_UPSTREAM_PAGE_SIZE"]
    ? { upstreamPageSize: Number(process.env["PROXY_UPSTREAM_PAGE_SIZE"]) }
    : {}),
  ...(process.env["PROXY_MAX_CONCURRENT_REQUESTS"]
    ? { maxConcurrentRequests: Number(process.env["PROXY_MAX_CONCURRENT_REQUESTS"]) }
    : {}),
  ...(process.env["PROXY_QUIET"] === "1" ? {} : { log: (line) => process.stdout.write(`${JSON.stringify(line)}\n`) }),
});
process.stdout.write(`Layer OData proxy: ${proxy.serviceUrl} (reading ${upstreamUrl})\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void proxy.close().then(() => process.exit(0));
  });
}
