// 429 from the API's real limiter through the proxy: the harness with a tiny read-light limit.
import { startTokenApi, type TokenApi } from "@layer/token-api/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { basicAuth } from "../test-support/feed-reader.js";
import { startProxy, type RunningProxy } from "./server-control.js";

let api: TokenApi;
let proxy: RunningProxy;

beforeAll(async () => {
  // 4 read-light requests a minute: one refill every 15 s, far longer than the proxy absorbs.
  api = await startTokenApi({ ordersRows: 50, rateLimits: { standard: { "read-light": 4 } } });
  // absorbWaitMs 0: however short the wait the limiter asks for, the 429 reaches the client.
  proxy = await startProxy({ port: 0, upstreamUrl: api.url, absorbWaitMs: 0 });
});

afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

it("hands the API's 429 to Power BI with Retry-After in delta-seconds within 1-120 s", async () => {
  const { token, keyId } = await api.operator.createToken({
    email: "ada@example.com",
    name: "Power BI - throttled",
    expires: "90d",
  });
  // Each $metadata costs several API calls (the projects, their tables, each table's schema).
  let metadata: Response;
  let callsOfTheRefusedRequest = 0;
  for (let attempt = 0; ; attempt++) {
    const before = api.requestCount(keyId);
    metadata = await fetch(`${proxy.serviceUrl}/$metadata`, { headers: basicAuth(token) });
    callsOfTheRefusedRequest = api.requestCount(keyId) - before;
    if (metadata.status !== 200 || attempt === 5) break;
    await metadata.arrayBuffer();
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
  // One $metadata is at most 6 API calls (1 project list, 2 table lists, 3 schemas): more would
  // mean the proxy retried into the limiter's wait instead of handing it on.
  expect(callsOfTheRefusedRequest).toBeGreaterThan(0);
  expect(callsOfTheRefusedRequest).toBeLessThanOrEqual(6);
});
