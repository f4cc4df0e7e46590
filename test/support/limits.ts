import type { StartTokenApiOptions } from "@layer/token-api/testing";

/**
 * A "pilot" tier with a tiny limit: a scenario connects under the roomy standard tier, then the
 * operator moves its key to pilot, so only that key is throttled on the shared API.
 */
export const PILOT_LIMITS: Exclude<StartTokenApiOptions["rateLimits"], false | undefined> = {
  pilot: { "read-light": 2, "write-light": 2, "long-running": 2 },
};

/**
 * Spends the key's pilot budget with direct requests until the API answers 429; returns its
 * Retry-After in seconds. Fails if no 429 comes: the limiter must be live for these scenarios.
 * The window is the API's real minute: when less than `minSeconds` of it is left, waits for the
 * next one and spends that, so the key stays limited for the whole scenario.
 */
export async function spendUntilLimited(apiUrl: string, token: string, minSeconds = 15): Promise<number> {
  for (let i = 0; i < 10; i++) {
    const [light, rows] = await Promise.all([
      fetch(`${apiUrl}/v1/projects`, { headers: { "X-Api-Key": token } }),
      fetch(`${apiUrl}/v1/projects/prj_acme_tower/tables/tbl_sites/rows?limit=1`, { headers: { "X-Api-Key": token } }),
    ]);
    await Promise.all([light.arrayBuffer(), rows.arrayBuffer()]);
    if (light.status === 429 && rows.status === 429) {
      const retryAfter = Math.min(Number(light.headers.get("retry-after")), Number(rows.headers.get("retry-after")));
      if (retryAfter >= minSeconds) return retryAfter;
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1_000));
    }
  }
  throw new Error("the token API never answered 429 for a pilot key");
}
