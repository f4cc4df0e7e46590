import { describe, expect, it } from "vitest";
import { SimClock } from "./clock.js";
import { FakeUrlFetchApp } from "./url-fetch.js";

describe("the UrlFetchApp fake behaves like Apps Script", () => {
  const clock = new SimClock();
  const app = new FakeUrlFetchApp(
    () => ({ status: 429, headers: { "Retry-After": "3", "X-Request-Id": "req_1" }, body: "{}" }),
    clock,
    250,
  );

  it("throws on a status >= 400 unless muteHttpExceptions", () => {
    expect(() => app.fetch("http://127.0.0.1/v1/whoami", {})).toThrow(/returned code 429/);
    const res = app.fetch("http://127.0.0.1/v1/whoami", { muteHttpExceptions: true });
    expect(res.getResponseCode()).toBe(429);
  });

  it("lower-cases header names and advances the simulated clock per call", () => {
    const before = clock.now();
    const headers = app.fetch("http://127.0.0.1/v1/whoami", { muteHttpExceptions: true }).getAllHeaders();
    expect(headers).toEqual({ "retry-after": "3", "x-request-id": "req_1" });
    expect(clock.now() - before).toBe(250);
  });
});
