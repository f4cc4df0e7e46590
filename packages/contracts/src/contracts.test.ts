import { describe, expect, it } from "vitest";
import { codeToStatus, CreateTokenRequest, ErrorCode, RowsQuery, TOKEN_FORMAT } from "./index.js";

describe("contract facts", () => {
  it("keeps the whole token under bcrypt's 72-byte limit", () => {
    const len = TOKEN_FORMAT.prefix.length + 4 + 1 + TOKEN_FORMAT.keyIdLength + 1 + TOKEN_FORMAT.secretLength;
    expect(len).toBe(TOKEN_FORMAT.tokenLength);
    expect(TOKEN_FORMAT.tokenLength).toBeLessThan(72);
  });

  it("maps every error code to a status", () => {
    for (const code of ErrorCode.options) expect(codeToStatus[code]).toBeGreaterThanOrEqual(400);
    expect(codeToStatus.KILL_SWITCH).toBe(503);
  });

  it("refuses token names that are empty, too long, or hold control characters", () => {
    expect(CreateTokenRequest.safeParse({ name: " ", expiresIn: "90d" }).success).toBe(false);
    expect(CreateTokenRequest.safeParse({ name: "x".repeat(101), expiresIn: "90d" }).success).toBe(false);
    expect(CreateTokenRequest.safeParse({ name: "a\u0007b", expiresIn: "90d" }).success).toBe(false);
    expect(CreateTokenRequest.safeParse({ name: "Excel", expiresIn: "90d", extra: 1 }).success).toBe(false);
    expect(CreateTokenRequest.parse({ name: "  Excel  ", expiresIn: "90d" })).toEqual({
      name: "Excel",
      expiresIn: "90d",
      access: "read-write",
      projectIds: null,
      env: "live",
    });
  });

  it("bounds row page limits to 1-10,000 with a default of 1,000", () => {
    expect(RowsQuery.parse({}).limit).toBe(1000);
    expect(RowsQuery.safeParse({ limit: "0" }).success).toBe(false);
    expect(RowsQuery.safeParse({ limit: "-5" }).success).toBe(false);
    expect(RowsQuery.safeParse({ limit: "10001" }).success).toBe(false);
    expect(RowsQuery.parse({ limit: "10000" }).limit).toBe(10000);
  });
});
