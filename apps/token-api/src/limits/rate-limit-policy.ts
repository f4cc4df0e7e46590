import type { EndpointClass, Tier } from "@layer/contracts";

/** Requests per window for each tier and endpoint class (the README lists the defaults). */
export type RateLimitTable = Record<Tier, Record<EndpointClass, number>>;
/** What configuration may give: any subset, merged over the defaults. */
export type RateLimitOverrides = Partial<Record<Tier, Partial<Record<EndpointClass, number>>>>;

export const RATE_LIMIT_WINDOW_SECONDS = 60;

export const DEFAULT_RATE_LIMITS: RateLimitTable = {
  standard: { "read-light": 600, "write-light": 60, "long-running": 120 },
  pilot: { "read-light": 1_200, "write-light": 120, "long-running": 240 },
  partner: { "read-light": 3_000, "write-light": 300, "long-running": 600 },
};

/**
 * Failed authentication attempts per window (docs/contract.md "Rate limits": a stranger who knows a
 * public key_id must spend neither its owner's quota nor the server's CPU). Each failure costs at
 * most one bcrypt, so these bound the bcrypt work one client address can cause.
 */
export interface AuthFailureLimits {
  /** Per key_id from one client address: another address's guesses never empty the owner's. */
  perKeyId: number;
  /** Per client address, over all key_ids. */
  perAddress: number;
}

export const DEFAULT_AUTH_FAILURE_LIMITS: AuthFailureLimits = { perKeyId: 10, perAddress: 30 };

const TIERS: readonly Tier[] = ["standard", "pilot", "partner"];
const CLASSES: readonly EndpointClass[] = ["read-light", "write-light", "long-running"];

export function resolveRateLimits(overrides: RateLimitOverrides | undefined): RateLimitTable {
  const table = structuredClone(DEFAULT_RATE_LIMITS);
  for (const tier of TIERS) {
    for (const cls of CLASSES) {
      const value = overrides?.[tier]?.[cls];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value < 1)
        throw new Error(`rate limit ${tier}/${cls} must be a positive integer`);
      table[tier][cls] = value;
    }
  }
  return table;
}

/**
 * RATE_LIMITS in the environment: JSON such as {"standard":{"read-light":300}}, merged over the
 * defaults. A typo fails the start rather than silently running with the defaults.
 */
export function rateLimitsFromEnv(value: string | undefined): RateLimitOverrides | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('RATE_LIMITS must be JSON, e.g. {"standard":{"read-light":600}}');
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error("RATE_LIMITS must be a JSON object");
  for (const [tier, classes] of Object.entries(parsed)) {
    if (!TIERS.includes(tier as Tier)) throw new Error(`RATE_LIMITS: unknown tier ${tier}`);
    if (typeof classes !== "object" || classes === null) throw new Error(`RATE_LIMITS.${tier} must be an object`);
    for (const cls of Object.keys(classes)) {
      if (!CLASSES.includes(cls as EndpointClass))
        throw new Error(`RATE_LIMITS.${tier}: unknown endpoint class ${cls}`);
    }
  }
  const overrides = parsed as RateLimitOverrides;
  resolveRateLimits(overrides);
  return overrides;
}
