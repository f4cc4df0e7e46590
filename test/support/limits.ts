import type { StartTokenApiOptions } from "@layer/token-api/testing";

/**
 * A "pilot" tier with a tiny limit: a scenario connects under the roomy standard tier, then the
 * operator moves its key to pilot, so only that key is throttled on the shared API.
 */
export const PILOT_LIMITS: NonNullable<StartTokenApiOptions["rateLimits"]> = {
  pilot: { "read-light": 2, "write-light": 2, "long-running": 2 },
};

/**
 * Spends the key's pilot budget with direct requests until the API answers 429; returns its
 * Retry-After in seconds. Fails if no 429 comes: the limiter must be live for these scenarios.
 */
export async function spendUntilLimited(apiUrl: string, token: string): Promise<number> {
  for (let i = 0; i < 10; i++) {
    const [light, rows] = await Promise.all([
      fetch(`${apiUrl}/v1/projects`, { headers: { "X-Api-Key": token } }),
      fetch(`${apiUrl}/v1/projects/prj_acme_tower/tables/tbl_sites/rows?limit=1`, { headers: { "X-Api-Key": token } }),
    ]);
    await Promise.all([light.arrayBuffer(), rows.arrayBuffer()]);
    if (light.status === 429 && rows.status === 429) return Number(rows.headers.get("retry-after"));
  }
  throw new Error("the token API never answered 429 for a pilot key");
}
