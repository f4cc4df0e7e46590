import { describe, expect, it } from "vitest";
import type { StubApiOptions } from "../testing/stub-layer-api.js";
import { stubWorld } from "../testing/stub-world.js";
import { setFormulasEnabled } from "./formula-access.js";
import { layerTable } from "./layer-table.js";

function setup(rows: number, failures: StubApiOptions["failures"] = []) {
  const world = stubWorld({ rows, failures });
  setFormulasEnabled(world.ctx, world.gas.SpreadsheetApp.spreadsheet.getId(), true, "Ada Lovelace");
  return world;
}

describe("=LAYER_TABLE (core, stub API)", () => {
  it("returns a header row and typed rows, takes fields as text or a range, and caches per arguments", () => {
    const { ctx, api, gas } = setup(50);
    const rows = layerTable(ctx, "prj_stub", "tbl_stub", [["id", "day"]], 3) as unknown[][];
    expect(rows[0]).toEqual(["id", "day"]);
    expect(rows[1]?.[0]).toBe(1);
    expect(rows[1]?.[1]).toBeInstanceOf(Date);
    expect(layerTable(ctx, "prj_stub", "tbl_stub", "id, day", 3)).toEqual(rows);
    expect(api.requests).toHaveLength(1);
    expect(gas.LockService.document.acquisitions).toBe(1);
    expect(gas.LockService.document.held).toBe(false);
  });

  it("does not cache an answer over Apps Script's 100 KB value limit", () => {
    const { ctx, api } = setup(5_000);
    layerTable(ctx, "prj_stub", "tbl_stub", "", 5_000);
    layerTable(ctx, "prj_stub", "tbl_stub", "", 5_000);
    expect(api.requests).toHaveLength(2);
  });

  it("answers bad arguments with a short sentence, without asking Layer", () => {
    const { ctx, api } = setup(5);
    expect(layerTable(ctx, "", "tbl_stub")).toMatch(/needs a project id and a table id/);
    expect(layerTable(ctx, "prj_stub", "tbl_stub", "", 0)).toMatch(/limit must be between 1 and 10000/);
    expect(layerTable(ctx, "prj_stub", "tbl_stub", "", 10_001)).toMatch(/limit must be between 1 and 10000/);
    expect(api.requests).toHaveLength(0);
  });

  it("a 429 sets one deadline that every other cell honours until it passes", () => {
    const { ctx, api, gas } = setup(5, [
      {
        status: 429,
        headers: { "retry-after": "90" },
        body: JSON.stringify({
          error: {
            code: "RATE_LIMITED",
            message: "slow down",
            requestId: "req_1",
            details: { endpointClass: "read-light", retryAfterMs: 90_000 },
          },
        }),
      },
    ]);
    const first = layerTable(ctx, "prj_stub", "tbl_stub", "", 1);
    expect(first).toMatch(
      /^LAYER_TABLE: Layer is rate-limiting token "Google Sheets - Stub"\. Try again after \d\d:\d\d UTC\.$/,
    );
    expect(layerTable(ctx, "prj_stub", "tbl_stub", "id", 2)).toBe(first);
    expect(api.requests).toHaveLength(1);
    gas.clock.advance(91_000);
    expect(Array.isArray(layerTable(ctx, "prj_stub", "tbl_stub", "id", 2))).toBe(true);
  });
});
