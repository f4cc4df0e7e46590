import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import {
  dropSchema,
  eventually,
  startInstance,
  TEST_POSTGRES_URL,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  uniqueSchema,
  type Instance,
} from "../testing/local-instances.js";
import { startTcpProxy, type TcpProxy } from "../testing/tcp-proxy.js";

// Redis and PostgreSQL lost and regained mid-test. The shared servers keep running; B
// reaches them through proxies this test cuts and restores.
const schema = uniqueSchema();
const keyPrefix = uniqueRedisPrefix();
let a: Instance;
let b: Instance;
let redisProxy: TcpProxy;
let pgProxy: TcpProxy;

beforeAll(async () => {
  redisProxy = await startTcpProxy(Number(new URL(TEST_REDIS_URL).port || 6379), new URL(TEST_REDIS_URL).hostname);
  pgProxy = await startTcpProxy(Number(new URL(TEST_POSTGRES_URL).port || 5432), new URL(TEST_POSTGRES_URL).hostname);
  const viaProxy = (url: string, port: number) =>
    Object.assign(new URL(url), { hostname: "127.0.0.1", port: String(port) }).toString();
  const rateLimits = { standard: { "read-light": 30 } };
  a = await startInstance({ schema, keyPrefix, redisUrl: TEST_REDIS_URL, rateLimits, seed: true });
  b = await startInstance({
    schema,
    keyPrefix,
    rateLimits,
    redisUrl: viaProxy(TEST_REDIS_URL, redisProxy.port),
    databaseUrl: viaProxy(TEST_POSTGRES_URL, pgProxy.port),
  });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await redisProxy?.close();
  await pgProxy?.close();
  await dropSchema(schema);
});

const whoami = (i: Instance, token: string) =>
  call(`${i.url}/v1/whoami`, { token, signal: AbortSignal.timeout(15_000) });
const remaining = (r: { headers: Headers }) => Number(r.headers.get("x-ratelimit-remaining"));

describe("Redis lost and regained", () => {
  it("keeps answering with in-memory limits and exact revocation, then shares the bucket again", async () => {
    const { token } = await a.createToken("ada@example.com", "Through an outage");
    const revoked = await a.createToken("ada@example.com", "Revoked while Redis is down");
    expect((await whoami(b, revoked.token)).status).toBe(200);
    // Shared bucket: A and B count in one Redis key.
    expect(remaining(await whoami(a, token))).toBe(29);
    expect(remaining(await whoami(b, token))).toBe(28);

    redisProxy.cut();
    const duringOutage = await whoami(b, token);
    expect(duringOutage.status).toBe(200);
    // The insurance bucket of B alone: limits stay on, headers stay on.
    expect(duringOutage.headers.get("x-ratelimit-limit")).toBe("30");
    expect(remaining(duringOutage)).toBeLessThan(30);
    // No pub/sub reaches B now: revocation is still exact on its next request.
    await a.run({ command: "tokens.revoke", keyId: revoked.keyId });
    expect((await whoami(b, revoked.token)).status).toBe(401);

    redisProxy.restore();
    await b.cluster.ready(20_000);
    // Back on Redis: B counts in A's shared bucket again, not in its insurance bucket.
    const before = remaining(await whoami(a, token));
    const onB = await whoami(b, token);
    expect(onB.status).toBe(200);
    expect(remaining(onB)).toBe(before - 1);
    expect(remaining(await whoami(a, token))).toBe(before - 2);
  });

  it("limits requests during the outage: B's insurance bucket answers 429 at the limit", async () => {
    const { token } = await a.createToken("ada@example.com", "Busy during an outage");
    expect((await whoami(b, token)).status).toBe(200);
    redisProxy.cut();
    try {
      const replies = await Promise.all(Array.from({ length: 40 }, () => whoami(b, token)));
      expect(replies.filter((r) => r.status === 200).length).toBeLessThanOrEqual(30);
      const limited = replies.find((r) => r.status === 429);
      expect(limited?.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    } finally {
      redisProxy.restore();
    }
  });
});

describe("PostgreSQL lost and regained", () => {
  it("answers 503 SERVICE_UNAVAILABLE with Retry-After, never a 500 or a hang, and recovers without a restart", async () => {
    const { token } = await a.createToken("ada@example.com", "Through a database outage");
    expect((await whoami(b, token)).status).toBe(200);
    expect((await call(`${b.url}/v1/projects`, { token })).status).toBe(200);

    pgProxy.cut();
    for (const path of ["/v1/whoami", "/v1/projects", "/v1/projects/prj_acme_tower/tables/tbl_sites/rows"]) {
      const reply = await call(`${b.url}${path}`, { token, signal: AbortSignal.timeout(15_000) });
      expect(reply.status).toBe(503);
      expect(reply.body.error.code).toBe("SERVICE_UNAVAILABLE");
      const retryAfter = Number(reply.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
    }
    // A new token (bcrypt path) is refused the same way, not as a 500.
    const fresh = await a.createToken("ada@example.com", "Made during the outage");
    expect((await whoami(b, fresh.token)).status).toBe(503);
    // A, on its own connection, keeps serving.
    expect((await whoami(a, token)).status).toBe(200);

    pgProxy.restore();
    await eventually(
      () => whoami(b, token),
      (r) => r.status === 200,
    );
    expect((await whoami(b, fresh.token)).status).toBe(200);
    expect((await call(`${b.url}/v1/projects`, { token })).status).toBe(200);
  });
});
