import { describe, expect, it } from "vitest";
import { jsonBytes, rowBytes } from "./request-size.js";

const utf8 = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe("request size", () => {
  it("counts a row as the UTF-8 bytes of its JSON, plus the comma before it", () => {
    const rows: unknown[][] = [
      [1, 46023.416666666664, -0.5, 1e21, true, false, ""],
      ["plain text", 'a "quoted" word', "back\\slash", "tab\there", "naïve café", "日本語", "emoji 🎉"],
      [Number.NaN, null, '\'=HYPERLINK("x")'],
      [],
    ];
    for (const row of rows) expect(rowBytes(row)).toBe(utf8(row) + 1);
    expect(jsonBytes(rows)).toBe(utf8(rows));
  });
});
