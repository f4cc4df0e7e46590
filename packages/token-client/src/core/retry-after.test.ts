import { describe, expect, it } from "vitest";
import { LONGEST_WAIT_MS, parseRetryAfter, retryAfterFromDetails } from "./retry-after.js";

const NOW = Date.parse("2026-11-23T12:00:00Z");

describe("parseRetryAfter", () => {
  it.each<[string, string | null | undefined, number | null]>([
    ["whole seconds", "3", 3000],
    ["zero", "0", 0],
    ["padded", "  7 ", 7000],
    ["fractional seconds, rounded up to the ms", "1.5", 1500],
    ["an IMF-fixdate 30 s ahead", "Mon, 23 Nov 2026 12:00:30 GMT", 30_000],
    ["an RFC 850 date", "Monday, 23-Nov-26 12:00:10 GMT", 10_000],
    ["an asctime date", "Mon Nov 23 12:00:05 2026", 5_000],
    ["a date in the past: no wait", "Mon, 23 Nov 2026 11:00:00 GMT", 0],
    ["a negative number: unusable", "-5", null],
    ["garbage", "soon", null],
    ["a number with a unit", "10s", null],
    ["hex", "0x10", null],
    ["an empty value", "", null],
    ["absent", undefined, null],
    ["null", null, null],
    ["a date without a zone", "2026-11-23T12:00:30", null],
    ["a date with an unknown month", "Mon, 23 Foo 2026 12:00:30 GMT", null],
    ["a date with hour 25", "Mon, 23 Nov 2026 25:00:30 GMT", null],
    ["a huge number: capped at a day", "99999999999", LONGEST_WAIT_MS],
    ["an overflowing number: capped at a day", "9".repeat(60), LONGEST_WAIT_MS],
    ["an overlong value", "1".repeat(65), null],
    ["a date years ahead: capped at a day", "Fri, 01 Jan 2100 00:00:00 GMT", LONGEST_WAIT_MS],
  ])("%s", (_name, value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe("retryAfterFromDetails", () => {
  it.each<[unknown, number | null]>([
    [1234, 1234],
    [0.2, 1],
    [-1, null],
    ["5", null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [1e15, LONGEST_WAIT_MS],
    [undefined, null],
  ])("details.retryAfterMs = %s gives %s", (value, expected) => {
    expect(retryAfterFromDetails({ retryAfterMs: value })).toBe(expected);
  });
});
