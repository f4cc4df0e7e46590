import { LayerError } from "@layer/token-client";

/**
 * An upstream answer that the next request will meet again, with its own status: a wait (429,
 * 503 SERVICE_UNAVAILABLE), a kill switch, a refused or revoked token, a table gone. Met after a
 * response has started, it ends that page early with a nextLink at the row where it stopped, so
 * the client's next request carries the status Power BI acts on (a wait, a credential prompt)
 * instead of a cut connection. Anything else (no answer, a 5xx other than 503) is a real failure.
 */
export function endsPageEarly(error: unknown): error is LayerError {
  return error instanceof LayerError && error.status !== 0 && (error.status < 500 || error.status === 503);
}
