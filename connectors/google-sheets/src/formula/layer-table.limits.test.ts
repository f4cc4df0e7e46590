import { describe, expect, it } from "vitest";
import { KILLED_MESSAGE } from "../testing/execution.js";
import { HOST_LIMITS, utf8Bytes } from "../testing/host-limits.js";
import type { StubApiOptions } from "../testing/stub-layer-api.js";
import { stubWorld } from "../testing/stub-world.js";
import type { RawResponse } from "../testing/sync-http.js";
import { setFormulasEnabled } from "./formula-access.js";
import { layerTable } from "./layer-table.js";

// =LAYER_TABLE against Apps Script's limits: each call runs as a custom function (30 s), over a
// CacheService that refuses what Apps Script refuses.

function setup(options: StubApiOptions, latencyMs = 0) {
  const { api, gas, ctx } = stubWorld(options, { latencyMs });
  setFormulasEnabled(ctx, gas.SpreadsheetApp.spreadsheet.getId(), true, "Ada Lovelace");
  /** One cell, as Apps Script runs it: killed past 30 s. */
  const cell = (...args: Parameters<typeof layerTable> extends [unknown, ...infer A] ? A : never) =>
    gas.executions.run("custom function", () => layerTable(ctx, ...args));
  return { api, gas, ctx, cell };
}

function rateLimited(seconds: number): RawResponse {
  return {
    status: 429,
    headers: { "content-type": "application/json", "retry-after": String(seconds) },
    body: JSON.stringify({
      error: {
        code: "RATE_LIMITED",
        message: "slow down",
        requestId: "req_1",
        details: { endpointClass: "read-light", retryAfterMs: seconds * 1000 },
      },
    }),
  };
}

describe("=LAYER_TABLE caches one answer per whole call", () => {
  it("two calls that differ only after a long field list get their own answers", () => {
    const { cell, api } = setup({ rows: 100 });
    const fields = [
      "id",
      "label",
      "day",
      "ok",
      ...Array.from({ length: 8 }, (_, i) => `a_field_name_long_enough_to_fill_the_key_${i}`),
    ].join(",");
    expect(fields.split(",")).toHaveLength(12);
    const three = cell("prj_stub", "tbl_stub", fields, 3) as unknown[][];
    const forty = cell("prj_stub", "tbl_stub", fields, 40) as unknown[][];
    expect(three).toHaveLength(1 + 3);
    expect(forty).toHaveLength(1 + 40);
    expect(api.requests).toHaveLength(2);
    // And the same call again is one answer, from the cache.
    expect(cell("prj_stub", "tbl_stub", fields, 40)).toEqual(forty);
    expect(api.requests).toHaveLength(2);
  });
});

describe("=LAYER_TABLE stays inside CacheService's limits", () => {
  it("measures an answer in UTF-8 bytes: one under 100,000 characters but over 100 KB is returned, not cached", () => {
    const label = (i: number) => `Zürich — 東京 ${i} `.repeat(4);
    const { cell, api, gas } = setup({ rows: 1_100, label });
    const rows = cell("prj_stub", "tbl_stub", "label", 1_100);
    expect(Array.isArray(rows)).toBe(true);
    expect((rows as unknown[][])[1_100]?.[0]).toBe(label(1_099));
    const cached = [...gas.CacheService.document.entries.values()].map((e) => e.value);
    expect(cached.filter((v) => v.includes("Zürich"))).toHaveLength(0);
    // The answer as the add-on would cache it: under 100,000 characters, over 100 KB.
    const payload = JSON.stringify({
      columns: [{ name: "label", type: "string", nullable: false }],
      rows: Array.from({ length: 1_100 }, (_, i) => ({ label: label(i) })),
    });
    expect(payload.length).toBeLessThan(HOST_LIMITS.cacheValueBytes);
    expect(utf8Bytes(payload)).toBeGreaterThan(HOST_LIMITS.cacheValueBytes);
    expect(Array.isArray(cell("prj_stub", "tbl_stub", "label", 1_100))).toBe(true);
    expect(api.requests).toHaveLength(2);
  });

  it("a put the cache refuses leaves the good answer as it was", () => {
    const { cell, gas } = setup({ rows: 10 });
    gas.CacheService.document.refusePuts = true;
    const rows = cell("prj_stub", "tbl_stub", "id", 5) as unknown[][];
    expect(rows[0]).toEqual(["id"]);
    expect(rows).toHaveLength(6);
  });

  it("a Retry-After longer than the cache keeps anything (6 h) still gives the cell its message", () => {
    const { cell, api } = setup({ rows: 10, failures: [rateLimited(30_000)] });
    const first = cell("prj_stub", "tbl_stub", "id", 5);
    expect(first).toMatch(/^LAYER_TABLE: Layer is rate-limiting token "Google Sheets - Stub"\. Try again after/);
    expect(cell("prj_stub", "tbl_stub", "label", 5)).toBe(first);
    expect(api.requests).toHaveLength(1);
  });
});

describe("=LAYER_TABLE fits Apps Script's 30 s per custom function", () => {
  it("the lock wait comes out of the cell's 25 s: a cell that cannot get its turn says when to retry", () => {
    const { cell, gas, api } = setup({ rows: 10, failures: [rateLimited(10)] }, 1_000);
    gas.LockService.document.holdElsewhere(19_000);
    const started = gas.clock.now();
    const answer = cell("prj_stub", "tbl_stub", "id", 5);
    expect(answer).not.toBe(KILLED_MESSAGE);
    expect(answer).toMatch(/^LAYER_TABLE: other cells are still loading from Layer\. Try again after \d\d:\d\d UTC/);
    expect(gas.clock.now() - started).toBeLessThanOrEqual(25_000);
    expect(api.requests).toHaveLength(0);
  });

  it("after a long lock wait, a Retry-After that no longer fits is not slept: the cell says when to retry", () => {
    const { cell, gas, api } = setup({ rows: 10, failures: [rateLimited(15)] }, 1_000);
    gas.LockService.document.holdElsewhere(14_000);
    const started = gas.clock.now();
    const answer = cell("prj_stub", "tbl_stub", "id", 5);
    expect(answer).toMatch(/^LAYER_TABLE: Layer is rate-limiting token "Google Sheets - Stub"\. Try again after/);
    expect(gas.Utilities.sleeps).toEqual([]);
    expect(gas.clock.now() - started).toBeLessThanOrEqual(25_000);
    expect(api.requests).toHaveLength(1);
  });

  it("with no wait for the lock, a Retry-After that fits is slept and the cell gets its rows", () => {
    const { cell, gas } = setup({ rows: 10, failures: [rateLimited(8)] }, 1_000);
    const rows = cell("prj_stub", "tbl_stub", "id", 5) as unknown[][];
    expect(rows).toHaveLength(6);
    expect(gas.Utilities.sleeps).toHaveLength(1);
    expect(gas.executions.longest["custom function"]).toBeLessThanOrEqual(25_000);
  });
});
