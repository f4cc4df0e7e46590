/** No single wait is taken literally beyond a day: larger values are garbage or hostile. */
export const LONGEST_WAIT_MS = 24 * 60 * 60 * 1000;

const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;
/** IMF-fixdate / RFC 850: "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT". */
const FIXDATE = /^[A-Za-z]{3,9}, (\d{1,2})[ -]([A-Za-z]{3})[ -](\d{2}|\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
/** asctime: "Sun Nov  6 08:49:37 1994". */
const ASCTIME = /^[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

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
  const at = httpDate(text);
  return at === null ? null : clampWait(at - now);
}

/** The three HTTP-date forms (RFC 9110 §5.6.7), parsed by hand: Date.parse differs between engines. */
function httpDate(text: string): number | null {
  let parts: [string, string, string, string, string, string] | null = null;
  const fix = FIXDATE.exec(text);
  if (fix) parts = [fix[3]!, fix[2]!, fix[1]!, fix[4]!, fix[5]!, fix[6]!];
  const asc = fix ? null : ASCTIME.exec(text);
  if (asc) parts = [asc[6]!, asc[1]!, asc[2]!, asc[3]!, asc[4]!, asc[5]!];
  if (!parts) return null;
  const [y, mon, d, h, mi, s] = parts;
  const month = MONTHS.indexOf(mon.toLowerCase());
  let year = Number(y);
  // RFC 9110: a two-digit year more than 50 years ahead is in the past century.
  if (y.length === 2) year += year < 50 ? 2000 : 1900;
  const [day, hour, minute, second] = [Number(d), Number(h), Number(mi), Number(s)];
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  return Date.UTC(year, month, day, hour, minute, second);
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
