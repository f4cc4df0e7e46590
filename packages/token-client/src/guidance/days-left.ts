const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * Whole days until a token expires, counted up (a token expiring in 3 hours has 1 day left),
 * 0 once expired; null when it never expires (`null`) or the date is unknown or unreadable.
 */
export function daysLeft(expiresAt: string | null | undefined, now: number): number | null {
  const ms = msLeft(expiresAt, now);
  return ms === null ? null : ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/**
 * How long a token has left, in the unit that reads right after "expires in": minutes under an
 * hour ("45 minutes"), hours under a day ("5 hours"), days otherwise ("12 days"). Counted up like
 * `daysLeft`, so a 90-day token reads "90 days" on the day it is made and the days shown always
 * match the 14-day warning's count. Null once expired, for a token that never expires (`null`),
 * or an unreadable date.
 */
export function timeLeft(expiresAt: string | null | undefined, now: number): string | null {
  const ms = msLeft(expiresAt, now);
  if (ms === null || ms <= 0) return null;
  if (ms <= HOUR_MS) return plural(Math.ceil(ms / MINUTE_MS), "minute");
  if (ms <= DAY_MS) return plural(Math.ceil(ms / HOUR_MS), "hour");
  return plural(Math.ceil(ms / DAY_MS), "day");
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

function msLeft(expiresAt: string | null | undefined, now: number): number | null {
  if (typeof expiresAt !== "string") return null;
  const at = Date.parse(expiresAt);
  return Number.isFinite(at) ? at - now : null;
}
