import { describe, expect, it } from "vitest";
import { LoginThrottle, reserveAttempt } from "./login-throttle.js";

describe("LoginThrottle", () => {
  it("reserves attempts up to the limit, then makes the key wait until the oldest leaves the window", () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(throttle.reserve("ada")).toBe(0);
      now += 1_000;
    }
    expect(throttle.reserve("ada")).toBe(57_000);
    expect(throttle.reserve("ben")).toBe(0);
    now += 57_000;
    expect(throttle.reserve("ada")).toBe(0);
  });

  it("counts a reservation at once: concurrent attempts cannot all pass one check", () => {
    const throttle = new LoginThrottle({ maxFailures: 10, windowMs: 60_000, now: () => 0 });
    const waits = Array.from({ length: 30 }, () => throttle.reserve("ada"));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
  });

  it("gives back a released attempt and forgets a key", () => {
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 60_000, now: () => 0 });
    throttle.reserve("ada");
    throttle.reserve("ada");
    expect(throttle.reserve("ada")).toBeGreaterThan(0);
    throttle.release("ada");
    expect(throttle.reserve("ada")).toBe(0);
    throttle.forget("ada");
    expect(throttle.reserve("ada")).toBe(0);
  });

  it("reserves in every throttle or in none", () => {
    const email = new LoginThrottle({ maxFailures: 5, windowMs: 60_000, now: () => 0 });
    const address = new LoginThrottle({ maxFailures: 1, windowMs: 60_000, now: () => 0 });
    expect(
      reserveAttempt([
        [email, "ada"],
        [address, "10.0.0.1"],
      ]),
    ).toBe(0);
    expect(
      reserveAttempt([
        [email, "ada"],
        [address, "10.0.0.1"],
      ]),
    ).toBeGreaterThan(0);
    // The refused attempt left nothing in the email's count: 4 more fit.
    for (let i = 0; i < 4; i++) expect(email.reserve("ada")).toBe(0);
    expect(email.reserve("ada")).toBeGreaterThan(0);
  });

  it("holds at most maxKeys keys under a flood of distinct keys", () => {
    const throttle = new LoginThrottle({ maxFailures: 5, windowMs: 60_000, now: () => 0, maxKeys: 1_000 });
    for (let i = 0; i < 50_000; i++) throttle.reserve(`spray-${i}`);
    expect(throttle.size).toBe(1_000);
  });
});
