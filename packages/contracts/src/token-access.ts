/**
 * What a token may do and reach, as plain data (no zod) so that the token client, the connectors
 * and the account page share the API's words (docs/contract.md "Scopes" and "Regenerating a token").
 */

/** The scope vocabulary. `projects:write` is reserved: nothing writes through a token yet. */
export const SCOPES = ["projects:read", "projects:write", "tokens:rotate-self"] as const;
export type ScopeName = (typeof SCOPES)[number];

/** What each scope lets a token do, in words a user reads (403 FORBIDDEN_SCOPE messages, the page). */
export const SCOPE_DESCRIPTIONS: Record<ScopeName, string> = {
  "projects:read": "read projects, tables and rows",
  "projects:write": "change project data",
  "tokens:rotate-self": "rotate itself",
};

/** The access levels a user picks when creating a token, and the scopes each grants. */
export const ACCESS_LEVELS = ["read", "read-write"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export const ACCESS_SCOPES: Record<AccessLevel, readonly ScopeName[]> = {
  read: ["projects:read"],
  "read-write": ["projects:read", "projects:write", "tokens:rotate-self"],
};

/** How long an old secret keeps working after a regeneration, as the user picks it. */
export const ROTATION_OVERLAPS = { none: 0, "1h": 3600, "24h": 86_400, "7d": 7 * 86_400 } as const;
export type RotationOverlap = keyof typeof ROTATION_OVERLAPS;

/**
 * The overlap when nobody chose one, for regenerate and self-rotate alike: a day lets a scheduled
 * refresh pick up the new token before the old one stops working.
 */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = ROTATION_OVERLAPS["24h"];

/** A custom expiry is at most this many days ahead (a year, with a leap day's slack). */
export const MAX_CUSTOM_EXPIRY_DAYS = 366;

/** Revoked and expired tokens stay in the history this long, then the purge job deletes them. */
export const HISTORY_RETENTION_DAYS = 90;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Why a custom expiry cannot be used, or null when it can: the browser and the API ask the same
 * question with their own clock.
 */
export function customExpiryProblem(expiresAt: Date, now: Date): string | null {
  if (Number.isNaN(expiresAt.getTime())) return "expiresAt must be a date and time";
  if (expiresAt.getTime() <= now.getTime()) return "expiresAt must be in the future";
  if (expiresAt.getTime() - now.getTime() > MAX_CUSTOM_EXPIRY_DAYS * DAY_MS)
    return `expiresAt must be at most ${MAX_CUSTOM_EXPIRY_DAYS} days ahead`;
  return null;
}

/**
 * "expires in N …" in the unit that reads right: minutes up to an hour, hours up to a day, days
 * otherwise (a token expiring in ten minutes never reads "1 day"). Counted up, like the days of
 * the rotation advice: a 90-day token reads "90 days" on the day it is made, and the count shown
 * always matches the 14-day warning's. The one rule of the API, the account page and every connector.
 */
export function timeLeftInWords(msLeft: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (msLeft <= 3600_000) return plural(Math.max(1, Math.ceil(msLeft / 60_000)), "minute");
  if (msLeft <= DAY_MS) return plural(Math.ceil(msLeft / 3600_000), "hour");
  return plural(Math.ceil(msLeft / DAY_MS), "day");
}
