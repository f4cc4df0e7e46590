import { describe, expect, it } from "vitest";
import { FakeCache } from "./cache-lock.js";
import { SimClock } from "./clock.js";
import { ExecutionKilled, FakeExecutions } from "./execution.js";
import { HOST_LIMITS } from "./host-limits.js";
import { FakeProperties } from "./properties.js";
import { FakeUrlFetchApp } from "./url-fetch.js";

// The stand-ins refuse what Apps Script refuses, so the add-on's tests fail where Apps Script would.

describe("the stand-ins enforce Apps Script's documented limits", () => {
  it("PropertiesService: 9 KB per value and 500 KB per store, in UTF-8 bytes", () => {
    const props = new FakeProperties();
    expect(() => props.setProperty("k", "é".repeat(4_700))).toThrow(/Argument too large/);
    props.setProperty("k", "x".repeat(9_000));
    for (let i = 0; i < 55; i += 1) props.setProperty(`k${i}`, "x".repeat(9_000));
    expect(() => props.setProperty("one-more", "x".repeat(9_000))).toThrow(/property storage quota/);
    props.setProperty("k", "y".repeat(9_000)); // replacing a value does not count it twice
  });

  it("CacheService: 100 KB per value (bytes), keys of 250 characters, 6 hours at most", () => {
    const clock = new SimClock(0);
    const cache = new FakeCache(clock.now);
    expect(() => cache.put("k", "é".repeat(50_001), 60)).toThrow(/Argument too large: value/);
    expect(() => cache.put("k".repeat(251), "v", 60)).toThrow(/Argument too large: key/);
    expect(() => cache.put("k", "v", HOST_LIMITS.cacheTtlSeconds + 1)).toThrow(/expirationInSeconds/);
    cache.put("k", "v", HOST_LIMITS.cacheTtlSeconds);
    clock.advance(HOST_LIMITS.cacheTtlSeconds * 1000);
    expect(cache.get("k")).toBeNull();
  });

  it("UrlFetchApp: 50 MB per response", () => {
    const clock = new SimClock(0);
    const body = "x".repeat(HOST_LIMITS.fetchResponseBytes + 1);
    const app = new FakeUrlFetchApp(() => ({ status: 200, headers: {}, body }), clock);
    expect(() => app.fetch("https://api.layer.test/v1/x", {})).toThrow(/Response too large/);
  });

  it("executions: 6 minutes, 30 s for a custom function, killed whatever the code returns", () => {
    const clock = new SimClock(0);
    const executions = new FakeExecutions(clock);
    expect(executions.run("script", () => clock.advance(HOST_LIMITS.executionMs))).toBeUndefined();
    expect(() => executions.run("custom function", () => clock.advance(HOST_LIMITS.customFunctionMs + 1))).toThrow(
      ExecutionKilled,
    );
    // Code that catches the stand-in's error is still killed.
    expect(() =>
      executions.run("custom function", () => {
        try {
          clock.advance(40_000);
        } catch {
          return "a message the cell never shows";
        }
        return "";
      }),
    ).toThrow(ExecutionKilled);
  });
});
