import { describe, expect, it } from "vitest";
import { loadConfig, SettingsError } from "./config.js";

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error(`no error for ${JSON.stringify(env)}`);
}

describe("a bad setting", () => {
  it("is refused in one line that names it, says what it must be and repeats the value", () => {
    expect(problem({ PORT: "abc" })).toBe('bad setting: PORT must be a whole number from 0 to 65535, not "abc"');
    expect(problem({ PORT: "70000" })).toBe('bad setting: PORT must be from 0 to 65535, not "70000"');
    expect(problem({ BCRYPT_COST: "3" })).toBe('bad setting: BCRYPT_COST must be from 4 to 31, not "3"');
    expect(problem({ TOKEN_CACHE_TTL_MS: "-1" })).toBe(
      'bad setting: TOKEN_CACHE_TTL_MS must be a whole number, not "-1"',
    );
    expect(problem({ SEED_ORDERS_ROWS: "1e3" })).toContain("SEED_ORDERS_ROWS must be a whole number");
    expect(problem({ LOG_LEVEL: "loud" })).toContain(
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
    );
    expect(problem({ SEED_ON_EMPTY: "no" })).toBe('bad setting: SEED_ON_EMPTY must be true or false, not "no"');
    expect(problem({ PUBLIC_URL: "layer.example.com" })).toContain("PUBLIC_URL must be an http or https URL");
    expect(problem({ CORS_ORIGINS: "https://localhost:3000/taskpane.html" })).toContain(
      "CORS_ORIGINS must list bare origins",
    );
    expect(problem({ CORS_ORIGINS: "localhost:3000" })).toContain(
      "CORS_ORIGINS must be a comma-separated list of origins",
    );
  });

  it("keeps the setting's own parser's words (RATE_LIMITS, TRUST_PROXY)", () => {
    expect(problem({ RATE_LIMITS: "{" })).toBe(
      'bad setting: RATE_LIMITS must be JSON, e.g. {"standard":{"read-light":600}}',
    );
    expect(problem({ RATE_LIMITS: '{"gold":{"read-light":1}}' })).toBe("bad setting: RATE_LIMITS: unknown tier gold");
    expect(problem({ TRUST_PROXY: "true" })).toContain("TRUST_PROXY=true would trust any client");
  });

  it("names every bad setting at once", () => {
    const message = problem({ PORT: "x", LOG_LEVEL: "loud", RATE_LIMITS: "[]" });
    for (const name of ["PORT", "LOG_LEVEL", "RATE_LIMITS"]) expect(message).toContain(name);
  });

  it("never repeats a database or Redis URL, which may carry a password", () => {
    const message = problem({
      DATABASE_URL: "mysql://layer:s3cret-pass@db/layer",
      REDIS_URL: "http://:s3cret-pass@redis",
    });
    expect(message).toContain("DATABASE_URL must be a URL such as postgres://");
    expect(message).toContain("REDIS_URL must be a URL such as redis://");
    expect(message).not.toContain("s3cret-pass");
  });
});
