import { describe, expect, it } from "vitest";
import { createClient } from "../client.js";
import { RateLimitError, ThrottledError } from "../errors/layer-error.js";
import type { FakeReply } from "../test-support/fake-url-fetch-app.js";
import { HARNESS_BASE as BASE, syncHarness } from "../test-support/sync-harness.js";
import { makeToken } from "../test-support/tokens.js";
import { createThrottle } from "./throttle.js";

const { token } = makeToken(21);
const ok: FakeReply = { status: 200, body: { ok: true } };
const limited = (seconds: number): FakeReply => ({
  status: 429,
  headers: { "Retry-After": String(seconds) },
  body: { error: { code: "RATE_LIMITED", message: "slow down", requestId: "req_1", details: {} } },
});
const unavailable = (seconds: number): FakeReply => ({
  status: 503,
  headers: { "Retry-After": String(seconds) },
  body: { error: { code: "SERVICE_UNAVAILABLE", message: "db down", requestId: "req_1", details: {} } },
});

/** Two sync clients of one session on one clock and one transport. */
function session(replies: FakeReply[], retry = {}) {
  const h = syncHarness(replies, { start: 1_000_000 });
  const throttle = createThrottle();
  return { ...h, a: h.client({ throttle, retry }), b: h.client({ throttle, retry }), throttle };
}

describe("createThrottle", () => {
  it("only ever pushes the deadline out, and says what set it", () => {
    const t = createThrottle();
    expect(t.waitMs(0)).toBe(0);
    t.holdUntil(5_000, "SERVICE_UNAVAILABLE");
    t.holdUntil(3_000, "RATE_LIMITED");
    expect(t.retryAt).toBe(5_000);
    expect(t.heldBy).toBe("SERVICE_UNAVAILABLE");
    expect(t.waitMs(4_000)).toBe(1_000);
    expect(t.waitMs(6_000)).toBe(0);
    t.clear();
    expect([t.retryAt, t.heldBy]).toEqual([0, null]);
  });

  it("resumes from a saved deadline", () => {
    const t = createThrottle({ retryAt: 9_000, heldBy: "RATE_LIMITED" });
    expect(t.waitMs(8_000)).toBe(1_000);
    expect(createThrottle({ retryAt: Number.NaN, heldBy: null }).retryAt).toBe(0);
  });
});

describe("a throttle shared by the clients of a session", () => {
  it("makes a second client wait out the Retry-After the first one was told, before sending", () => {
    const s = session([limited(30), ok], { maxRetries: 0 });
    expect(() => s.a.whoami()).toThrow(RateLimitError);
    expect(s.throttle.retryAt).toBe(s.now() + 30_000);
    s.advance(10_000);
    s.b.whoami();
    expect(s.sleeps).toEqual([20_000]);
    expect(s.transport.calls).toHaveLength(2);
  });

  it("fails at once without sending when the deadline is further than the call can wait", () => {
    const s = session([unavailable(90)], { maxRetries: 0 });
    expect(() => s.a.whoami()).toThrow();
    let error: unknown;
    try {
      s.b.whoami();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({
      code: "THROTTLED",
      heldBy: "SERVICE_UNAVAILABLE",
      retryAfterMs: 90_000,
      retryStoppedBy: "max_wait",
    });
    expect((error as ThrottledError).retryAt).toBe(s.now() + 90_000);
    expect(s.transport.calls).toHaveLength(1);
  });

  it("does not wait again after a retry's own sleep", () => {
    const s = session([limited(2), ok]);
    s.a.whoami();
    expect(s.sleeps).toEqual([2_000]);
  });

  it("holds back only after answers that ask every caller to wait", () => {
    const notFound: FakeReply = { status: 404, body: { error: { code: "NOT_FOUND", message: "no", requestId: "r" } } };
    const s = session([notFound, ok]);
    expect(() => s.a.whoami()).toThrow();
    expect(s.throttle.retryAt).toBe(0);
  });

  it("is honoured by the async client too", async () => {
    const throttle = createThrottle();
    let now = 0;
    const sleeps: number[] = [];
    let sent = 0;
    const client = createClient({
      baseUrl: BASE,
      token,
      throttle,
      clock: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      fetch: async () => {
        sent++;
        return { status: 200, headers: { forEach() {} }, text: async () => "{}" };
      },
    });
    throttle.holdUntil(4_000, "RATE_LIMITED");
    await client.whoami();
    expect(sleeps).toEqual([4_000]);
    throttle.holdUntil(now + 100_000, "RATE_LIMITED");
    await expect(client.whoami()).rejects.toBeInstanceOf(ThrottledError);
    expect(sent).toBe(1);
  });
});
