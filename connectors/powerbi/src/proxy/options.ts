import { accountUrl, type FetchLike } from "@layer/token-client";

/** A log line: never a token, never a query string that could hold one. */
export type LogLine = Record<string, string | number | boolean | null>;

export interface ProxyOptions {
  /** The Layer API, e.g. "http://127.0.0.1:8787". */
  upstreamUrl: string;
  /** This proxy as clients reach it, for absolute nextLinks; default: from each request's Host. */
  publicUrl?: string;
  /**
   * Behind a TLS terminator or load balancer: take the scheme and host of `@odata.context` and
   * nextLinks from what it forwards (`Forwarded`, else `X-Forwarded-Proto`/`X-Forwarded-Host`).
   * Off by default: only the reverse proxy in front of this one may set those headers, and a client
   * could otherwise point the nextLinks, and Power BI's credentials with them, anywhere.
   */
  trustForwarded?: boolean;
  /** The account page named in rotation advice; default `<upstreamUrl>/account/api`. */
  accountUrl?: string;
  /**
   * Rows per OData response when the client does not ask for fewer (Prefer: odata.maxpagesize).
   * Default 50,000: responses stream, so size costs no memory, and fewer responses mean fewer
   * schema look-ups. It bounds how long one response takes (about a second here).
   */
  pageSize?: number;
  /** Rows per upstream request (the API allows 1 to 10,000). Default 5,000. */
  upstreamPageSize?: number;
  /** A 429 or 503 whose Retry-After is at most this is waited out here; longer ones go to Power BI. Default 2,000 ms. */
  absorbWaitMs?: number;
  /** Largest table sorted in memory for an $orderby other than the key. Default 50,000 rows. */
  maxSortRows?: number;
  /**
   * Requests answered at once; one more gets 503 with Retry-After, which Power BI waits out. Default
   * 32: each holds at most a few upstream pages, so this with `npm start`'s heap limit
   * (`--max-old-space-size=128`) bounds the proxy's memory instead of letting a crowd exhaust it.
   */
  maxConcurrentRequests?: number;
  /** Accept a token in the query string (api_key=…). Off by default: URLs end up in logs. */
  allowQueryToken?: boolean;
  log?: (line: LogLine) => void;
  /** The upstream fetch; default globalThis.fetch. */
  fetch?: FetchLike;
  now?: () => number;
}

export interface ResolvedOptions extends Required<Omit<ProxyOptions, "publicUrl" | "fetch">> {
  publicUrl: string | null;
  fetch: FetchLike | undefined;
}

export function resolveOptions(options: ProxyOptions): ResolvedOptions {
  const upstreamUrl = new URL(options.upstreamUrl);
  if (upstreamUrl.protocol !== "http:" && upstreamUrl.protocol !== "https:")
    throw new TypeError("upstreamUrl must be an http(s) URL");
  const base = upstreamUrl.href.replace(/\/+$/, "");
  const count = (value: number | undefined, fallback: number, max: number) =>
    value === undefined ? fallback : Math.min(max, Math.max(1, Math.floor(value)));
  return {
    upstreamUrl: base,
    publicUrl: options.publicUrl ? options.publicUrl.replace(/\/+$/, "") : null,
    accountUrl: options.accountUrl ?? accountUrl(base),
    pageSize: count(options.pageSize, 50_000, 1_000_000),
    upstreamPageSize: count(options.upstreamPageSize, 5_000, 10_000),
    absorbWaitMs: Math.max(0, options.absorbWaitMs ?? 2_000),
    maxSortRows: count(options.maxSortRows, 50_000, 1_000_000),
    maxConcurrentRequests: count(options.maxConcurrentRequests, 32, 10_000),
    allowQueryToken: options.allowQueryToken ?? false,
    trustForwarded: options.trustForwarded ?? false,
    log: options.log ?? (() => undefined),
    fetch: options.fetch,
    now: options.now ?? (() => Date.now()),
  };
}
