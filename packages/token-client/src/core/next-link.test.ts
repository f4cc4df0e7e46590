import { describe, expect, it } from "vitest";
import { announcedCursor } from "./next-link.js";

describe("announcedCursor", () => {
  it('reads the cursor of the rel="next" link, decoded', () => {
    expect(
      announcedCursor({ link: '</v1/projects/p/tables/t/rows?limit=5000&cursor=a%2Bb%2Fc%3D&fields=x>; rel="next"' }),
    ).toBe("a+b/c=");
  });

  it("finds it among other relations and without quotes", () => {
    expect(announcedCursor({ link: '</rows?cursor=first>; rel="first", </rows?cursor=c2>; rel=next' })).toBe("c2");
  });

  it("is null without a Link, without a next relation, or without a cursor", () => {
    expect(announcedCursor({})).toBeNull();
    expect(announcedCursor({ link: '</rows?cursor=c1>; rel="prev"' })).toBeNull();
    expect(announcedCursor({ link: '</rows?limit=5>; rel="next"' })).toBeNull();
    expect(announcedCursor({ link: "not a link" })).toBeNull();
  });
});
