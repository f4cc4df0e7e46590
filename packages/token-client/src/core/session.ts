import { HEADERS } from "@layer/contracts/headers";
import type { ReceivedResponse } from "../errors/from-response.js";
import { type RateLimitState, readRateLimit } from "./rate-limit.js";

/** What a client remembers between calls, for connectors to show. */
export interface ClientSession {
  lastRateLimit: RateLimitState | null;
  /** X-Token-Expires-At of the last authenticated response; null when unknown or never expiring. */
  lastTokenExpiresAt: string | null;
}

export function newSession(): ClientSession {
  return { lastRateLimit: null, lastTokenExpiresAt: null };
}

export function observeResponse(session: ClientSession, res: ReceivedResponse, now: number): void {
  const rateLimit = readRateLimit(res.headers, now);
  if (rateLimit) session.lastRateLimit = rateLimit;
  const expires = res.headers[HEADERS.tokenExpiresAt];
  if (expires !== undefined) session.lastTokenExpiresAt = expires;
  // The header is absent for a token that never expires, but also on every unauthenticated answer:
  // only a success proves "never".
  else if (res.status >= 200 && res.status < 300) session.lastTokenExpiresAt = null;
}
