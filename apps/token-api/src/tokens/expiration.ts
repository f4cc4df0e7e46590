import type { TokenExpiration } from "@layer/contracts";
import type { ExpirationPolicy } from "./token-repository.js";

const DAY_MS = 24 * 3600 * 1000;
const DURATIONS: Record<Exclude<TokenExpiration, "never">, number> = {
  "30d": 30 * DAY_MS,
  "90d": 90 * DAY_MS,
  "1y": 365 * DAY_MS,
};

export function expiresAtFor(policy: TokenExpiration, now: Date): Date | null {
  return policy === "never" ? null : new Date(now.getTime() + DURATIONS[policy]);
}

/** A successor keeps the expiration policy; a custom expiry keeps its original lifetime. */
export function successorExpiry(
  policy: ExpirationPolicy,
  createdAt: Date,
  expiresAt: Date | null,
  now: Date,
): Date | null {
  if (policy === "custom")
    return expiresAt ? new Date(now.getTime() + (expiresAt.getTime() - createdAt.getTime())) : null;
  return expiresAtFor(policy, now);
}
