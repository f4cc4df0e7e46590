import { describe, expect, it } from "vitest";
import { pointer } from "./refused-query.js";

describe("the pointer under a refused filter's character", () => {
  it("sits under the character of a short filter", () => {
    expect(pointer("amount eq 'x'", 11)).toBe("  amount eq 'x'\n            ^");
  });

  it("shows a window of a long filter, one line, with the caret under the character", () => {
    const filter = `${"region eq 'North' and\n".repeat(20)}amount eq 'x' and paid`;
    const at = filter.indexOf("'x'") + 1;
    const [line, caret] = pointer(filter, at).split("\n");
    expect(line).toMatch(/^ {2}….*amount eq 'x' and paid$/);
    expect(line).not.toContain("\n");
    expect(line?.length).toBeLessThanOrEqual(2 + 1 + 72);
    expect(line?.[caret?.indexOf("^") ?? -1]).toBe("'");
  });
});
