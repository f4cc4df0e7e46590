import { isPostgresText } from "@layer/contracts";
import { DatabaseUnavailableError, isConnectionFailure } from "./database-unavailable.js";

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * A query the database refused. It keeps the SQLSTATE and the server's message, never the SQL or
 * its parameters (a driver's error carries both, and a logged error would print them).
 */
export class DatabaseQueryError extends Error {
  override readonly name: string = "DatabaseQueryError";
  constructor(
    readonly code: string,
    message: string,
    /** The constraint, table and column the server named, if any: names, never values. */
    readonly where: { constraint?: string; table?: string; column?: string } = {},
  ) {
    super(message);
  }
}

/**
 * The request's own values cannot be stored or compared (class 22, data exception: a NUL byte
 * 22021, a malformed number or time 22P02/22007/22008, a value too long 22001, out of range
 * 22003; 54000, a value too large to index): the client's mistake, answered 400.
 */
export class DatabaseInputError extends DatabaseQueryError {
  override readonly name = "DatabaseInputError";
}

/** A unique constraint lost a race with a concurrent request (23505): answered 409. */
export class DatabaseConflictError extends DatabaseQueryError {
  override readonly name = "DatabaseConflictError";
}

const isInputCode = (code: string) => code.startsWith("22") || code === "54000";

/**
 * What a driver threw, as the API's own error: connection failures become DatabaseUnavailableError
 * (503), refused input DatabaseInputError (400), a lost unique race DatabaseConflictError (409),
 * and anything else a DatabaseQueryError, which is a bug (500) and is logged without parameters.
 */
export function toDatabaseError(error: unknown): unknown {
  if (error instanceof DatabaseQueryError || error instanceof DatabaseUnavailableError) return error;
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (code === undefined || !SQLSTATE.test(code)) {
    return isConnectionFailure(error) ? new DatabaseUnavailableError(error) : error;
  }
  if (isConnectionFailure(error)) return new DatabaseUnavailableError(new DatabaseQueryError(code, String(e.message)));
  const where = {
    ...(typeof e.constraint === "string" ? { constraint: e.constraint } : {}),
    ...(typeof e.table === "string" ? { table: e.table } : {}),
    ...(typeof e.column === "string" ? { column: e.column } : {}),
  };
  const message = typeof e.message === "string" ? e.message : "the database refused the query";
  if (isInputCode(code)) return new DatabaseInputError(code, message, where);
  if (code === "23505") return new DatabaseConflictError(code, message, where);
  return new DatabaseQueryError(code, message, where);
}

/**
 * Refuses, before the query is sent, a string parameter PostgreSQL cannot hold as text (a NUL, a
 * lone surrogate, which `pg` would otherwise store silently as U+FFFD): whatever route it came
 * through (a path id, a header), the request gets 400 rather than a 500 or a changed value.
 */
export function checkParameters(params: readonly unknown[] | undefined): void {
  if (!params) return;
  for (const value of params) {
    if (typeof value === "string") {
      if (!isPostgresText(value)) throw notText();
    } else if (Array.isArray(value)) {
      checkParameters(value);
    }
  }
}

const notText = () =>
  new DatabaseInputError("22021", "a value is not text the database can store (a NUL or a lone surrogate)");
