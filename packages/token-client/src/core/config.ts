import type { LayerError } from "../errors/layer-error.js";
import { parseToken } from "../token/parse-token.js";
import { type RetryLimits, retryLimits } from "./retry-policy.js";
import { createThrottle, type SharedThrottle } from "./throttle.js";

/** What a hook learns about a retry about to happen. */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  waitMs: number;
  /** Whether the wait came from the server (Retry-After, details.retryAfterMs) or from backoff. */
  waitSource: "server" | "backoff";
  error: LayerError;
  status: number;
  code: string;
  method: string;
  /** Path and query; never the token. */
  path: string;
  requestId: string;
  elapsedMs: number;
}

/** Options both clients share (README "Clients"). */
export interface CommonClientOptions {
  baseUrl: string;
  token: string;
  retry?: Partial<RetryLimits>;
  clock?: () => number;
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /** Called before waiting out a 429; return false to fail at once instead (the error carries the wait). */
  onRateLimit?: (info: RetryInfo) => unknown;
  userAgent?: string;
  /**
   * Send X-Request-Id (default true). A browser caller whose API's CORS preflight does not allow
   * the header turns it off; the server then generates one and the error still carries it.
   */
  sendRequestId?: boolean;
  /**
   * The back-off deadline this client shares with the other clients of a session (`createThrottle()`):
   * a 429 or 503 told to one call holds back all of them. Default: one of its own.
   */
  throttle?: SharedThrottle;
  /**
   * The organization this client works in (an id from whoami's `organizations`), sent as
   * `Layer-Organization`: projects, tables and rows narrow to it. Absent or null: every
   * organization the token's owner belongs to.
   */
  organization?: string | null;
}

export interface CallConfig {
  baseUrl: string;
  token: string;
  userAgent?: string;
  sendRequestId: boolean;
  clock: () => number;
  random: () => number;
  limits: RetryLimits;
  throttle: SharedThrottle;
  organization?: string;
  onRetry?: (info: RetryInfo) => void;
  onRateLimit?: (info: RetryInfo) => unknown;
}

/** Validates and fills options; throws TypeError (never quoting the token) on unusable ones. */
export function callConfig(options: CommonClientOptions, defaultRandom: () => number): CallConfig {
  if (typeof options !== "object" || options === null) throw new TypeError("client options are required");
  const baseUrl = typeof options.baseUrl === "string" ? options.baseUrl.trim().replace(/\/+$/, "") : "";
  if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(baseUrl)) {
    throw new TypeError(
      'baseUrl must be an absolute http(s) URL without query or fragment, such as "https://api.example.com"',
    );
  }
  const token = typeof options.token === "string" ? options.token.trim() : "";
  if (token === "") throw new TypeError("token is required");
  // A header value with spaces, line breaks or non-ASCII would make fetch throw, and some fetch
  // implementations quote the value in that error: refuse it here, with the parser's explanation.
  if (/[^\x21-\x7e]/.test(token)) {
    const parsed = parseToken(token);
    throw new TypeError(parsed.ok ? "token contains characters that cannot be sent" : parsed.message);
  }
  const config: CallConfig = {
    baseUrl,
    token,
    sendRequestId: options.sendRequestId !== false,
    clock: options.clock ?? (() => Date.now()),
    random: options.random ?? defaultRandom,
    limits: retryLimits(options.retry),
    throttle: options.throttle ?? createThrottle(),
  };
  const organization = organizationOption(options.organization);
  if (organization !== undefined) config.organization = organization;
  if (options.userAgent) config.userAgent = options.userAgent;
  if (options.onRetry) config.onRetry = options.onRetry;
  if (options.onRateLimit) config.onRateLimit = options.onRateLimit;
  return config;
}

/** An organization id goes into a header: it must be one plain printable word, or nothing. */
function organizationOption(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const id = typeof value === "string" ? value.trim() : "";
  if (id === "" || id.length > 200 || /[^\x21-\x7e]/.test(id)) {
    throw new TypeError('organization must be an organization id such as "org_acme" (whoami lists them), or null');
  }
  return id;
}
