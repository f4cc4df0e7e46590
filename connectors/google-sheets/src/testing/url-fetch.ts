import type { HttpResponse, UrlFetchApp } from "../apps-script/services.js";
import type { SimClock } from "./clock.js";
import { HOST_LIMITS, utf8Bytes } from "./host-limits.js";
import type { RawRequest, RawResponse } from "./sync-http.js";

export type Handler = (request: RawRequest) => RawResponse;

class FakeHttpResponse implements HttpResponse {
  constructor(private readonly raw: RawResponse) {}
  getResponseCode(): number {
    return this.raw.status;
  }
  getContentText(): string {
    return this.raw.body;
  }
  getAllHeaders(): object {
    return { ...this.raw.headers };
  }
}

export interface FetchRecord {
  method: string;
  url: string;
  status: number;
  /** Header names only: values may hold the token, and tests print these records. */
  headerNames: string[];
}

/**
 * UrlFetchApp as Apps Script behaves: synchronous, throws on a status >= 400 unless
 * `muteHttpExceptions`, header names lower-cased, payload as the body. Each call advances the
 * simulated clock by `latencyMs` (a modelled Apps Script UrlFetch round trip). A response over
 * 50 MB fails the call, as Apps Script's per-response limit does.
 */
export class FakeUrlFetchApp implements UrlFetchApp {
  readonly calls: FetchRecord[] = [];
  /** The biggest response body so far, in bytes. */
  largestResponseBytes = 0;
  constructor(
    private readonly handler: Handler,
    private readonly clock: SimClock,
    public latencyMs = 0,
  ) {}

  fetch(url: string, params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {}): HttpResponse {
    const method = String(params.method ?? "get").toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(params.headers ?? {})) headers[k.toLowerCase()] = String(v);
    if (params.contentType) headers["content-type"] = params.contentType;
    const body =
      typeof params.payload === "string"
        ? params.payload
        : params.payload === undefined
          ? undefined
          : JSON.stringify(params.payload);
    this.clock.advance(this.latencyMs);
    const raw = this.handler({ url, method, headers, ...(body !== undefined ? { body } : {}) });
    const lowered: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw.headers)) lowered[k.toLowerCase()] = v;
    this.calls.push({ method, url, status: raw.status, headerNames: Object.keys(headers) });
    const size = utf8Bytes(raw.body);
    this.largestResponseBytes = Math.max(this.largestResponseBytes, size);
    if (size > HOST_LIMITS.fetchResponseBytes) {
      throw new Error(`Response too large: ${url.split("?")[0]} sent ${size} bytes; UrlFetchApp accepts 50 MB.`);
    }
    if (raw.status >= 400 && !params.muteHttpExceptions) {
      throw new Error(
        `Request failed for ${url.split("?")[0]} returned code ${raw.status}. Truncated server response: ${raw.body.slice(0, 100)} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return new FakeHttpResponse({ ...raw, headers: lowered });
  }
}
