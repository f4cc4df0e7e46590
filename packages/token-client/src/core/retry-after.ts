/** No single wait is taken literally beyond a day: larger values are garbage or hostile. */
export const LONGEST_WAIT_MS = 24 * 60 * 60 * 1000;

const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;
/** IMF-fixdate and the two obsolete forms RFC 9110 says a recipient must still accept. */
const HTTP_DATE = /^[A-Za-z]{3},? \d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT$|^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * `Retry-After` as milliseconds to wait from `now`, or null when absent or unusable (RFC 9110
 * §10.2.3: delta-seconds or an HTTP-date). Negative numbers and garbage are null so the caller
 * falls back to backoff; a date in the past is 0; anything beyond a day is capped at a day, which
 * every sane budget then refuses at once.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "" || text.length > 64) return null;
  if (DELTA_SECONDS.test(text)) return clampWait(Math.ceil(Number(text) * 1000));
  if (HTTP_DATE.test(text)) {
    const at = Date.parse(text);
    if (!Number.isFinite(at)) return null;
    return clampWait(at - now);
  }
  return null;
}

/** `details.retryAfterMs` from the error envelope, trusted only when it is a sane number. */
export function retryAfterFromDetails(details: Record<string, unknown>): number | null {
  const ms = details["retryAfterMs"];
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) return null;
  return clampWait(Math.ceil(ms));
}

function clampWait(ms: number): number {
  if (!Number.isFinite(ms)) return LONGEST_WAIT_MS;
  return Math.min(Math.max(0, ms), LONGEST_WAIT_MS);
}
