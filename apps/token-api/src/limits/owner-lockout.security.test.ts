import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFrom } from "../testing/from-address.js";
import { startTokenApi, type TokenApi } from "../testing/index.js";

// A stranger who knows an owner's key_id (it is public: masked tokens show it) floods wrong
// secrets at it. The owner's cached proof expires meanwhile (a short TTL here): the owner must keep
// working, and the stranger's bcrypt work must stay within its buckets.
const OWNER = "127.0.0.1";
const STRANGER = "127.0.0.2";
const PER_KEY = 5;
const PER_ADDRESS = 12;
const TTL_MS = 150;

let api: TokenApi;
beforeAll(async () => {
  api = await startTokenApi({
    ordersRows: 10,
    config: { authFailureLimits: { perKeyId: PER_KEY, perAddress: PER_ADDRESS }, cacheTtlMs: TTL_MS },
  });
});
afterAll(async () => api?.close());

/** The owner's token with another secret of the same shape. */
const guess = (token: string, n: number) => `${token.slice(0, -6)}${String(n).padStart(6, "x")}`;
const whoami = (from: string, token: string) => getFrom(from, `${api.url}/v1/whoami`, { "X-Api-Key": token });
const expire = () => new Promise((resolve) => setTimeout(resolve, TTL_MS + 50));

async function flood(token: string, from: string, count: number, offset = 0): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await whoami(from, guess(token, offset + i))).status);
  return statuses;
}

describe("a wrong-secret flood on a known key_id", () => {
  it("keeps the owner at another address working once its cached proof expires; the stranger gets 429", async () => {
    const owner = await api.operator.createToken({ email: "ada@example.com", name: "Owner elsewhere" });
    expect((await whoami(OWNER, owner.token)).status).toBe(200);
    const bcryptBefore = api.services.gate.verifications;
    const statuses = await flood(owner.token, STRANGER, 30);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PER_KEY);
    expect(statuses.slice(PER_KEY).every((s) => s === 429)).toBe(true);
    // The stranger's CPU: one bcrypt per counted failure, none once its bucket is empty.
    expect(api.services.gate.verifications - bcryptBefore).toBe(PER_KEY);

    await expire();
    const owners = await Promise.all(Array.from({ length: 5 }, () => whoami(OWNER, owner.token)));
    expect(owners.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it("keeps an owner behind the stranger's own address working: a secret proven before skips the emptied bucket", async () => {
    const owner = await api.operator.createToken({ email: "ben@example.com", name: "Owner behind one NAT" });
    const sharedAddress = "127.0.0.3";
    expect((await whoami(sharedAddress, owner.token)).status).toBe(200);
    const statuses = await flood(owner.token, sharedAddress, 10, 100);
    expect(statuses.at(-1)).toBe(429);
    await expire();
    for (let i = 0; i < 3; i++) {
      expect((await whoami(sharedAddress, owner.token)).status).toBe(200);
      await expire();
    }
    // The stranger is still refused at that address.
    expect((await whoami(sharedAddress, guess(owner.token, 999))).status).toBe(429);
  });

  it("leaves the owner's rate-limit quota untouched by the stranger's guesses", async () => {
    const owner = await api.operator.createToken({ email: "chen@example.com", name: "Quota" });
    const first = await whoami(OWNER, owner.token);
    expect(first.status).toBe(200);
    const remaining = Number(first.headers["x-ratelimit-remaining"]);
    await flood(owner.token, "127.0.0.4", 8, 200);
    const next = await whoami(OWNER, owner.token);
    expect(next.status).toBe(200);
    expect(Number(next.headers["x-ratelimit-remaining"])).toBe(remaining - 1);
  });
});
