// 429 from the real limiter (issue 4) through the proxy: the harness with a tiny read-light limit.
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { basicAuth, getJson } from "../test-support/feed-reader.js";
import { startProxy, type RunningProxy } from "./server-control.js";

let api: TokenApi;
let proxy: RunningProxy;

beforeAll(async () => {
  // 4 read-light requests a minute: one refill every 15 s, far longer than the proxy absorbs.
  api = await startTokenApi({ ordersRows: 50, rateLimits: { standard: { "read-light": 4 } } });
  proxy = await startProxy({ port: 0, upstreamUrl: api.url, absorbWaitMs: 1_000 });
});

afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

it("hands the API's 429 to Power BI with Retry-After in delta-seconds within 1-120 s", async () => {
  const { token, keyId } = await api.operator.createToken({ email: "ada@example.com", name: "Power BI - throttled", expires: "90d" });
  // Each $metadata costs several API calls (the projects, their tables, each table's schema).
  let metadata = await fetch(`${proxy.serviceUrl}/$metadata`, { headers: basicAuth(token) });
  for (let attempt = 0; attempt < 5 && metadata.status === 200; attempt++) {
    metadata = await fetch(`${proxy.serviceUrl}/$metadata`, { headers: basicAuth(token) });
  }
  const body = (await metadata.json()) as { error: { code: string; message: string } };
  expect(metadata.status).toBe(429);
  expect(metadata.headers.get("odata-version")).toBe("4.0");
  expect(body.error.code).toBe("RATE_LIMITED");
  const retryAfter = metadata.headers.get("retry-after");
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(120);
  expect(body.error.message).toContain(`${retryAfter} s`);
  expect(JSON.stringify(body)).not.toContain(token);
  // The proxy gave up at the first 429 instead of asking again: the next request is refused too.
  const counted = api.requestCount(keyId);
  const again = await getJson(`${proxy.serviceUrl}/`, basicAuth(token));
  expect(again.status).toBe(429);
  expect(api.requestCount(keyId) - counted).toBe(1);
});
