import { describe, expect, it } from "vitest";
import { LoginThrottle } from "./login-throttle.js";

describe("LoginThrottle", () => {
  it("allows failures up to the limit, then makes the key wait until the oldest leaves the window", () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs("ada")).toBe(0);
      throttle.recordFailure("ada");
      now += 1_000;
    }
    expect(throttle.retryAfterMs("ada")).toBe(57_000);
    expect(throttle.retryAfterMs("ben")).toBe(0);
    now += 57_000;
    expect(throttle.retryAfterMs("ada")).toBe(0);
  });

  it("forgets a key's failures on success", () => {
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000, now: () => 0 });
    throttle.recordFailure("ada");
    throttle.recordFailure("ada");
    expect(throttle.retryAfterMs("ada")).toBeGreaterThan(0);
    throttle.recordSuccess("ada");
    expect(throttle.retryAfterMs("ada")).toBe(0);
  });

  it("does not grow without bound under a flood of distinct keys", () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailures: 5, windowMs: 1_000, now: () => now });
    for (let i = 0; i < 10_001; i++) throttle.recordFailure(`spray-${i}`);
    now += 2_000;
    throttle.recordFailure("late");
    expect((throttle as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(1);
  });
});
