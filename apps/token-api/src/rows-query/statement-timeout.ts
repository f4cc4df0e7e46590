import type { Database, Queryable } from "../db/database.js";
import { DomainError } from "../errors/domain-error.js";

/** PostgreSQL's "canceling statement due to statement timeout". */
const QUERY_CANCELED = "57014";

/**
 * A filtered, sorted or counted read runs under a statement timeout on PostgreSQL, so one slow
 * filter cannot hold a connection and a core for long. Running out of time is answered 400
 * VALIDATION_FAILED, not 503: the same request would run out of time again, and a 503 with
 * Retry-After would make every client retry it into the same wall; the message says to narrow the
 * filter. Embedded PGlite runs in this process and cannot cancel a running statement; there the
 * limits on a filter's length, depth and lists are the guard (one user, one process).
 */
export async function withStatementTimeout<T>(
  db: Database,
  timeoutMs: number,
  work: (q: Queryable) => Promise<T>,
): Promise<T> {
  if (db.engine !== "postgres" || timeoutMs <= 0) return work(db);
  try {
    return await db.transaction(async (tx) => {
      // SET takes no parameters; the value is an integer from the configuration, never request text.
      await tx.query(`SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`);
      return work(tx);
    });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === QUERY_CANCELED)
      throw new DomainError("VALIDATION_FAILED", "the filter took too long to run", {
        issues: [
          {
            path: "query.filter",
            message: `the read took longer than ${timeoutMs} ms and was stopped: narrow the filter or sort by fewer columns`,
          },
        ],
        reason: "statement_timeout",
      });
    throw error;
  }
}
