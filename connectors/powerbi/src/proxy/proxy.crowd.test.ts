// More requests at once than the proxy takes: the one over the limit is told to come back (503
// with Retry-After, which Power BI waits out) instead of adding its pages to the proxy's memory.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { basicAuth, getJson } from "../test-support/feed-reader.js";
import { startProxy, type RunningProxy } from "./server-control.js";

const TOKEN = `lp_test_0123456789ABCDEF_${"x".repeat(43)}`;

let upstream: Server;
let proxy: RunningProxy;
/** Upstream answers wait here until the test lets them go. */
const held: (() => void)[] = [];
let upstreamRequests = 0;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamRequests++;
    held.push(() => {
      const body = req.url?.startsWith("/v1/projects") ? { projects: [] } : { error: { code: "NOT_FOUND" } };
      res.writeHead(req.url?.startsWith("/v1/projects") ? 200 : 404, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  proxy = await startProxy({ port: 0, upstreamUrl, maxConcurrentRequests: 2 });
});

afterAll(async () => {
  for (const release of held) release();
  await proxy.close();
  await new Promise((resolve) => upstream.close(resolve));
});

const until = async (done: () => boolean) => {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
};

it("answers 503 with Retry-After over the limit, health still answers, and takes requests again once some end", async () => {
  const auth = basicAuth(TOKEN);
  const first = getJson(`${proxy.serviceUrl}/`, auth);
  const second = getJson(`${proxy.serviceUrl}/`, auth);
  await until(() => upstreamRequests >= 2);

  const third = await getJson(`${proxy.serviceUrl}/`, auth);
  expect(third.status).toBe(503);
  expect(third.headers.get("retry-after")).toBe("2");
  const error = third.body["error"] as { code: string; message: string };
  expect(error.code).toBe("SERVICE_UNAVAILABLE");
  expect(error.message).toContain("2 requests at once");
  // The crowded request never reached the API.
  expect(upstreamRequests).toBe(2);
  expect((await fetch(`${proxy.url}/healthz`)).status).toBe(200);

  // Let the two through: every upstream call answers at once from now on.
  const releaseAll = setInterval(() => {
    for (const release of held.splice(0)) release();
  }, 5);
  try {
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    expect((await getJson(`${proxy.serviceUrl}/`, auth)).status).toBe(200);
  } finally {
    clearInterval(releaseAll);
  }
});
