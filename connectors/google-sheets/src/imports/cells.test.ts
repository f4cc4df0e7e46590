import { describe, expect, it } from "vitest";
import { SimClock } from "../testing/clock.js";
import { FakeUtilities } from "../testing/utilities.js";
import { createCellConverter } from "./cells.js";

const toCells = createCellConverter(new FakeUtilities(new SimClock()), "Etc/UTC");

describe("typed cells", () => {
  it("keeps numbers and booleans typed, dates at midnight in the spreadsheet's zone, nulls empty", () => {
    const columns = [
      { name: "n", type: "number", nullable: false },
      { name: "b", type: "boolean", nullable: false },
      { name: "d", type: "date", nullable: false },
      { name: "t", type: "datetime", nullable: false },
      { name: "s", type: "string", nullable: true },
    ] as const;
    const [row = []] = toCells(
      [...columns],
      [{ n: 1.5, b: false, d: "2026-01-31", t: "2026-01-31T10:20:30Z", s: null }],
    );
    expect(row.slice(0, 2)).toEqual([1.5, false]);
    expect((row[2] as Date).toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect((row[3] as Date).toISOString()).toBe("2026-01-31T10:20:30.000Z");
    expect(row[4]).toBe("");
  });

  it("never lets text become a formula", () => {
    const [row] = toCells([{ name: "s", type: "string", nullable: false }], [{ s: '=IMPORTXML("http://x", "//a")' }]);
    expect(row?.[0]).toBe('\'=IMPORTXML("http://x", "//a")');
  });
});
