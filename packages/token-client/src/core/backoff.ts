/** First backoff ceiling; doubles per attempt ("full jitter", as AWS's architecture blog describes it). */
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;

/**
 * Exponential backoff with full jitter: a uniform wait in [0, min(cap, base * 2^(attempt-1))).
 * Used when the server named no wait (502, 504, 500, a connection failure).
 */
export function backoffMs(attempt: number, random: () => number, capMs = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(capMs, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  return Math.floor(unit * ceiling);
}
