/**
 * The database cannot be reached (refused, reset, timed out, shutting down): the API answers
 * 503 SERVICE_UNAVAILABLE with Retry-After instead of a 500 or a hang, and the pool reconnects by
 * itself on a later request.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";
  constructor(cause: unknown) {
    super("the database is unavailable", { cause });
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Connection-level failures, as opposed to an error of the SQL itself. */
export function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && SQLSTATE.test(code)) return code.startsWith("08") || code.startsWith("57P");
  const message = error instanceof Error ? error.message : "";
  return (
    (typeof code === "string" && code.startsWith("E")) || /connect|terminated|timeout|ECONN|EPIPE|closed/i.test(message)
  );
}
