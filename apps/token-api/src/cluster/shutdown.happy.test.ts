import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { call } from "../testing/http.js";
import {
  dropSchema,
  eventually,
  startInstance,
  TEST_POSTGRES_URL,
  TEST_REDIS_URL,
  uniqueRedisPrefix,
  uniqueSchema,
} from "../testing/local-instances.js";

// "a graceful shutdown drains in-flight requests and flushes the last-used buffer".
const schema = uniqueSchema();
afterAll(async () => dropSchema(schema));

describe("graceful shutdown", () => {
  it("finishes the request in flight, refuses new connections, then writes last-used times", async () => {
    const api = await startInstance({ schema, keyPrefix: uniqueRedisPrefix(), redisUrl: TEST_REDIS_URL, seed: true });
    const { token, keyId } = await api.createToken("ada@example.com", "Until shutdown");
    expect((await call(`${api.url}/v1/whoami`, { token })).status).toBe(200);

    const inFlight = call(`${api.url}/v1/test/hold`, { token });
    await eventually(
      async () => api.held,
      (n) => n === 1,
    );
    let closed = false;
    const closing = api.shutdown(30_000).then(() => (closed = true));
    await expect(fetch(`${api.url}/v1/whoami`, { headers: { "X-Api-Key": token } })).rejects.toThrow();
    expect(closed).toBe(false);

    api.releaseHeld();
    expect((await inFlight).status).toBe(200);
    await closing;

    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT last_used_at FROM ${schema}.api_tokens WHERE key_id = $1`, [keyId]);
      expect(rows[0]?.last_used_at).toBeInstanceOf(Date);
    } finally {
      await client.end();
    }
  });
});
