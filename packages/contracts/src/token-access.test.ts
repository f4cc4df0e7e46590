import { describe, expect, it } from "vitest";
import {
  ACCESS_SCOPES,
  CreateTokenRequest,
  customExpiryProblem,
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  RegenerateTokenRequest,
  RotateSelfRequest,
  SCOPES,
  timeLeftInWords,
} from "./index.js";

const issuePaths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("token access", () => {
  it("grants read-only tokens projects:read alone and read-write tokens every scope", () => {
    expect(ACCESS_SCOPES.read).toEqual(["projects:read"]);
    expect([...ACCESS_SCOPES["read-write"]].sort()).toEqual([...SCOPES].sort());
  });

  it("creates read-write tokens for all projects unless told otherwise", () => {
    expect(CreateTokenRequest.parse({ name: "Excel", expiresIn: "90d" })).toEqual({
      name: "Excel",
      expiresIn: "90d",
      access: "read-write",
      projectIds: null,
      env: "live",
    });
  });

  it("asks for exactly one of expiresIn and expiresAt, naming the field", () => {
    expect(issuePaths(CreateTokenRequest.safeParse({ name: "x" }))).toEqual(["expiresIn"]);
    expect(
      issuePaths(CreateTokenRequest.safeParse({ name: "x", expiresIn: "30d", expiresAt: "2027-01-01T00:00:00Z" })),
    ).toEqual(["expiresAt"]);
    expect(CreateTokenRequest.safeParse({ name: "x", expiresAt: "2027-01-01T00:00:00Z" }).success).toBe(true);
    expect(CreateTokenRequest.safeParse({ name: "x", expiresAt: "2027-01-01T00:00:00+02:00" }).success).toBe(true);
    expect(issuePaths(CreateTokenRequest.safeParse({ name: "x", expiresAt: "next week" }))).toEqual(["expiresAt"]);
    expect(issuePaths(CreateTokenRequest.safeParse({ name: "x", expiresAt: "2027-01-01" }))).toEqual(["expiresAt"]);
  });

  it("refuses empty, repeated or blank project lists", () => {
    const base = { name: "x", expiresIn: "30d" };
    expect(issuePaths(CreateTokenRequest.safeParse({ ...base, projectIds: [] }))).toEqual(["projectIds"]);
    expect(issuePaths(CreateTokenRequest.safeParse({ ...base, projectIds: ["a", "a"] }))).toEqual(["projectIds"]);
    expect(issuePaths(CreateTokenRequest.safeParse({ ...base, projectIds: [""] }))).toEqual(["projectIds.0"]);
    expect(issuePaths(CreateTokenRequest.safeParse({ ...base, access: "admin" }))).toEqual(["access"]);
    expect(CreateTokenRequest.parse({ ...base, projectIds: ["prj_a"], access: "read" })).toMatchObject({
      projectIds: ["prj_a"],
      access: "read",
    });
  });

  it("regenerates with a day's overlap by default and refuses both expiry forms", () => {
    expect(RegenerateTokenRequest.parse({})).toEqual({ overlap: "24h" });
    expect(issuePaths(RegenerateTokenRequest.safeParse({ overlap: "2h" }))).toEqual(["overlap"]);
    expect(
      issuePaths(RegenerateTokenRequest.safeParse({ expiresIn: "30d", expiresAt: "2027-01-01T00:00:00Z" })),
    ).toEqual(["expiresAt"]);
    expect(RotateSelfRequest.parse({}).graceSeconds).toBe(DEFAULT_ROTATION_OVERLAP_SECONDS);
    expect(DEFAULT_ROTATION_OVERLAP_SECONDS).toBe(86_400);
  });

  it("accepts a custom expiry ahead and within 366 days", () => {
    const now = new Date("2026-03-01T12:00:00Z");
    expect(customExpiryProblem(new Date("2026-03-01T12:00:00Z"), now)).toMatch(/future/);
    expect(customExpiryProblem(new Date("2026-02-01T00:00:00Z"), now)).toMatch(/future/);
    expect(customExpiryProblem(new Date("2026-03-01T12:01:00Z"), now)).toBeNull();
    expect(customExpiryProblem(new Date("2027-03-02T12:00:00Z"), now)).toBeNull();
    expect(customExpiryProblem(new Date("2027-03-02T12:00:01Z"), now)).toMatch(/366 days/);
    expect(customExpiryProblem(new Date("nonsense"), now)).toMatch(/date/);
  });

  it("says minutes under an hour, hours under a day, days otherwise", () => {
    expect(timeLeftInWords(10 * 60_000)).toBe("10 minutes");
    expect(timeLeftInWords(30_000)).toBe("1 minute");
    expect(timeLeftInWords(59 * 60_000 + 1)).toBe("60 minutes");
    expect(timeLeftInWords(3600_000)).toBe("60 minutes");
    expect(timeLeftInWords(3600_000 + 1)).toBe("2 hours");
    expect(timeLeftInWords(23.9 * 3600_000)).toBe("24 hours");
    expect(timeLeftInWords(24 * 3600_000)).toBe("24 hours");
    expect(timeLeftInWords(24 * 3600_000 + 1)).toBe("2 days");
    expect(timeLeftInWords(13.5 * 24 * 3600_000)).toBe("14 days");
    expect(timeLeftInWords(90 * 24 * 3600_000 - 5_000)).toBe("90 days");
  });
});
