import { timeLeftInWords } from "@layer/contracts/token-access";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whole days until a token expires, counted up (a token expiring in 3 hours has 1 day left),
 * 0 once expired; null when it never expires (`null`) or the date is unknown or unreadable.
 */
export function daysLeft(expiresAt: string | null | undefined, now: number): number | null {
  const ms = msLeft(expiresAt, now);
  return ms === null ? null : ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/**
 * How long a token has left, in the words that follow "expires in" (the contract's one rule:
 * minutes up to an hour, hours up to a day, days otherwise, counted up like `daysLeft`). Null once
 * expired, for a token that never expires (`null`), or an unreadable date.
 */
export function timeLeft(expiresAt: string | null | undefined, now: number): string | null {
  const ms = msLeft(expiresAt, now);
  return ms === null || ms <= 0 ? null : timeLeftInWords(ms);
}

function msLeft(expiresAt: string | null | undefined, now: number): number | null {
  if (typeof expiresAt !== "string") return null;
  const at = Date.parse(expiresAt);
  return Number.isFinite(at) ? at - now : null;
}
