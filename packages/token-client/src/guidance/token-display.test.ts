import { describe, expect, it } from "vitest";
import { maskToken } from "../token/mask-token.js";
import { LEGACY_TOKEN, makeToken } from "../test-support/tokens.js";
import { daysLeft } from "./days-left.js";
import { maskKeyId } from "./display-mask.js";

describe("maskKeyId", () => {
  it("shows a key id the way maskToken shows its token: lp_live_<key_id>_…", () => {
    const live = makeToken(3);
    expect(maskKeyId(live.keyId)).toBe(`lp_live_${live.keyId}_\u2026`);
    expect(maskKeyId(live.keyId)).toBe(maskToken(live.token));
    const test = makeToken(4, "test");
    expect(maskKeyId(test.keyId, "test")).toBe(maskToken(test.token));
    const legacyKeyId = LEGACY_TOKEN.slice(0, 14);
    expect(maskKeyId(legacyKeyId)).toBe(maskToken(LEGACY_TOKEN));
  });

  it("is null for anything that is not a key id (never echoes it)", () => {
    expect(maskKeyId(undefined)).toBeNull();
    expect(maskKeyId("")).toBeNull();
    expect(maskKeyId(makeToken(9).token)).toBeNull();
    expect(maskKeyId("lowercase_not_a_key")).toBeNull();
  });
});

describe("daysLeft", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  it("counts whole days up, 0 once expired", () => {
    expect(daysLeft("2026-12-01T15:00:00Z", now)).toBe(1);
    expect(daysLeft("2026-12-08T12:00:00Z", now)).toBe(7);
    expect(daysLeft("2026-12-08T12:00:01Z", now)).toBe(8);
    expect(daysLeft("2026-12-01T12:00:00Z", now)).toBe(0);
    expect(daysLeft("2025-01-01T00:00:00Z", now)).toBe(0);
  });
  it("is null for a token that never expires or an unreadable date", () => {
    expect(daysLeft(null, now)).toBeNull();
    expect(daysLeft(undefined, now)).toBeNull();
    expect(daysLeft("soon", now)).toBeNull();
  });
});
