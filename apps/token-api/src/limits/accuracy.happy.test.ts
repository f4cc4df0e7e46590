import { afterAll, describe, expect, it } from "vitest";
import {
  dropSchema,
  startInstance,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  uniqueSchema,
  type Instance,
} from "../testing/local-instances.js";
import { call } from "../testing/http.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

// "rate limiter accuracy under 50 concurrent clients: never more than the limit per window".
const LIMIT = 120;
const CLIENTS = 50;
const PER_CLIENT = 6;

/** 50 clients, each sending its requests one after another; returns how many were accepted. */
async function flood(urls: string[], token: string): Promise<{ ok: number; limited: number; other: number }> {
  const counts = { ok: 0, limited: 0, other: 0 };
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const r = await call(`${urls[(client + i) % urls.length]}/v1/whoami`, { token });
        if (r.status === 200) counts.ok++;
        else if (r.status === 429) counts.limited++;
        else counts.other++;
      }
    }),
  );
  return counts;
}

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe("limiter accuracy under 50 concurrent clients", () => {
  it("accepts exactly the limit in one window with in-memory buckets", async () => {
    const api: TokenApi = await startTokenApi({ ordersRows: 10, rateLimits: { standard: { "read-light": LIMIT } } });
    cleanup.push(() => api.close());
    const { token } = await api.operator.createToken({ email: "ada@example.com", name: "Accuracy", expires: "90d" });
    const counts = await flood([api.url], token);
    expect(counts).toEqual({ ok: LIMIT, limited: CLIENTS * PER_CLIENT - LIMIT, other: 0 });
  });

  it("accepts exactly the limit in one window with Redis buckets shared by two instances", async () => {
    const schema = uniqueSchema();
    const keyPrefix = uniqueRedisPrefix();
    const rateLimits = { standard: { "read-light": LIMIT } };
    const a: Instance = await startInstance({ schema, keyPrefix, redisUrl: TEST_REDIS_URL, rateLimits, seed: true });
    cleanup.push(
      () => dropSchema(schema),
      () => a.close(),
    );
    const b: Instance = await startInstance({ schema, keyPrefix, redisUrl: TEST_REDIS_URL, rateLimits });
    cleanup.push(() => b.close());
    const { token } = await a.createToken("ada@example.com", "Accuracy over two");
    const counts = await flood([a.url, b.url], token);
    expect(counts).toEqual({ ok: LIMIT, limited: CLIENTS * PER_CLIENT - LIMIT, other: 0 });
  });
});
