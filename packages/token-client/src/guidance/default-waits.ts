/**
 * How long to wait before trying again when nothing better is known: the one table every
 * connector uses. The API sends `Retry-After` with every 429 and 503 (docs/contract.md), and the
 * client honours it; these figures speak only when it is missing (a proxy or gateway in between
 * dropped it, the network failed) and the client has no wait of its own to pass on.
 *
 * - Rate limit: 60 s, the length of a rate-limit window: after it the bucket has refilled
 *   whatever the tier, so the first try after it succeeds instead of spending another 429.
 * - Everything the service may recover from (503, 502, 504, 500, no answer): 30 s. Long
 *   enough that a recovering database is not hit again by every connector within seconds (a
 *   1 s wait, times Power BI's three retries, came back three times in three seconds); short
 *   enough for a person watching a task pane, within Power BI's 120 s `Retry-After` ceiling, and
 *   a wait an Apps Script custom function (30 s) can report rather than outlive.
 */
export const DEFAULT_WAIT_MS = {
  RATE_LIMITED: 60_000,
  SERVICE_UNAVAILABLE: 30_000,
  BAD_GATEWAY: 30_000,
  GATEWAY_TIMEOUT: 30_000,
  INTERNAL: 30_000,
  CONNECTION_FAILED: 30_000,
  TIMEOUT: 30_000,
} as const;

export type WaitCode = keyof typeof DEFAULT_WAIT_MS;

/** The table's wait for an error code; undefined for codes that waiting does not fix. */
export function defaultWaitMs(code: string): number | undefined {
  // Not Object.hasOwn: Apps Script projects type-check against ES2019.
  const wait = (DEFAULT_WAIT_MS as Record<string, unknown>)[code];
  return typeof wait === "number" ? wait : undefined;
}
