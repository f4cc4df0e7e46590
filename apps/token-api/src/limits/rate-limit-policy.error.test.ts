import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { DEFAULT_RATE_LIMITS, rateLimitsFromEnv, resolveRateLimits } from "./rate-limit-policy.js";

describe("rate limits from configuration", () => {
  it("defaults to standard 600/60/120 a minute, higher for pilot and partner", () => {
    expect(DEFAULT_RATE_LIMITS.standard).toEqual({ "read-light": 600, "write-light": 60, "long-running": 120 });
    for (const cls of ["read-light", "write-light", "long-running"] as const) {
      expect(DEFAULT_RATE_LIMITS.pilot[cls]).toBeGreaterThan(DEFAULT_RATE_LIMITS.standard[cls]);
      expect(DEFAULT_RATE_LIMITS.partner[cls]).toBeGreaterThan(DEFAULT_RATE_LIMITS.pilot[cls]);
    }
  });

  it("merges RATE_LIMITS over the defaults", () => {
    const config = loadConfig({ RATE_LIMITS: '{"standard":{"read-light":300},"partner":{"long-running":900}}' });
    const table = resolveRateLimits(config.rateLimits);
    expect(table.standard["read-light"]).toBe(300);
    expect(table.standard["write-light"]).toBe(60);
    expect(table.partner["long-running"]).toBe(900);
  });

  it("refuses to start on a bad RATE_LIMITS rather than run with the defaults", () => {
    expect(() => rateLimitsFromEnv("{")).toThrow(/JSON/);
    expect(() => rateLimitsFromEnv('{"gold":{"read-light":1}}')).toThrow(/unknown tier gold/);
    expect(() => rateLimitsFromEnv('{"standard":{"reads":1}}')).toThrow(/unknown endpoint class reads/);
    expect(() => rateLimitsFromEnv('{"standard":{"read-light":0}}')).toThrow(/positive integer/);
    expect(() => rateLimitsFromEnv('{"standard":{"read-light":1.5}}')).toThrow(/positive integer/);
    expect(() => rateLimitsFromEnv("[]")).toThrow(/object/);
    expect(rateLimitsFromEnv("")).toBeUndefined();
  });
});
