import { classifyFailure } from "@layer/token-client";

/**
 * Whether an upstream failure met after a response started may end that page early, with a
 * nextLink at the row where it stopped: true for an answer the next request will meet again with
 * its own status (a rate limit to wait out, 503 SERVICE_UNAVAILABLE with its Retry-After, a kill
 * switch, a refused or revoked token, a table gone), so the client gets the status Power BI acts
 * on instead of a cut connection. False for a real failure (no answer, a 5xx other than 503, an
 * answer that makes no sense): that response is cut, and the cut logged with the request id.
 * The token client's guidance decides which is which; the proxy only follows it.
 */
export function endsPageEarly(error: unknown, now: number): string | null {
  const { kind, code } = classifyFailure(error, now);
  const answered =
    kind === "wait" ||
    kind === "fix-token" ||
    kind === "tell-admin" ||
    code === "SERVICE_UNAVAILABLE" ||
    code === "NOT_FOUND";
  return answered ? code : null;
}
