import { describe, expect, it } from "vitest";
import { formatFilter } from "./format.js";
import { parseFilter } from "./parse.js";

describe("formatFilter", () => {
  it.each([
    "Region eq 'O''Brien' and (Amount gt 5.0E2 or not startswith(tolower(Name), 'a'))",
    'year("Order Date") in (2024, 2025) and Note ne null and Paid',
    "Updated ge 2024-01-01T00:00:00+02:00 or date(Updated) eq 2024-02-29",
  ])("writes %s back to text that parses to the same filter", (text) => {
    const once = formatFilter(parseFilter(text));
    const strip = (n: unknown) => JSON.parse(JSON.stringify(n, (k, v) => (k === "at" ? undefined : v)));
    expect(strip(parseFilter(once))).toEqual(strip(parseFilter(text)));
  });

  it("renames columns and quotes names the language cannot write bare", () => {
    const names: Record<string, string> = { Region: "region", Total: "order total", Flag: "and" };
    expect(formatFilter(parseFilter("Region eq 'x' or Total gt 1 or Flag"), (n) => names[n] ?? n)).toBe(
      `((region eq 'x' or "order total" gt 1) or "and")`,
    );
  });
});
