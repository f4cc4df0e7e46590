import { describe, expect, it } from "vitest";
import { isPostgresText, RowsQuery, SignInRequest, TokenListQuery, TokenName } from "./index.js";

describe("text PostgreSQL can store", () => {
  it("refuses a NUL and lone surrogates, accepts paired ones", () => {
    expect(isPostgresText("plain")).toBe(true);
    expect(isPostgresText("emoji 😀 ok")).toBe(true);
    expect(isPostgresText("a\u0000b")).toBe(false);
    expect(isPostgresText("\ud800")).toBe(false);
    expect(isPostgresText("x\udc00")).toBe(false);
    expect(isPostgresText("\udc00\ud800")).toBe(false);
  });

  it("is checked by every request field that reaches SQL", () => {
    expect(TokenName.safeParse("\ud800").success).toBe(false);
    expect(TokenListQuery.safeParse({ name: "\u0000" }).success).toBe(false);
    expect(RowsQuery.safeParse({ cursor: "a\u0000" }).success).toBe(false);
    expect(RowsQuery.safeParse({ fields: "id,\udfff" }).success).toBe(false);
    expect(SignInRequest.safeParse({ email: "a\u0000@example.com", password: "x" }).success).toBe(false);
    expect(TokenName.safeParse("Nightly 😀").success).toBe(true);
  });
});
