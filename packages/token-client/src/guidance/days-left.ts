const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whole days until a token expires, counted up (a token expiring in 3 hours has 1 day left),
 * 0 once expired; null when it never expires (`null`) or the date is unknown or unreadable.
 */
export function daysLeft(expiresAt: string | null | undefined, now: number): number | null {
  if (typeof expiresAt !== "string") return null;
  const at = Date.parse(expiresAt);
  if (!Number.isFinite(at)) return null;
  return at <= now ? 0 : Math.ceil((at - now) / DAY_MS);
}
