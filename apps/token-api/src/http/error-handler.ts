import { codeToStatus } from "@layer/contracts";
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { ZodError } from "zod";
import { DatabaseConflictError, DatabaseInputError } from "../db/database-errors.js";
import { DatabaseUnavailableError } from "../db/database-unavailable.js";
import { DomainError, issuesOf } from "../errors/domain-error.js";

/**
 * The one place where failures become HTTP: a DomainError's code gives the status (the contract's
 * table), its retryAfterSeconds the Retry-After field, and everything else (database outages,
 * body-parser and zod errors, bugs) is first put in the contract's words. Every failure leaves as
 * the contract's envelope, never a stack trace.
 */
export function errorHandler(logger: Logger, accountUrl: string): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const failure = withAccountUrl(toDomainError(error), accountUrl);
    if (failure.code === "INTERNAL") {
      logger.error({ requestId: res.locals["requestId"], err: error }, "unhandled error");
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    if (failure.retryAfterSeconds !== undefined) res.setHeader("Retry-After", String(failure.retryAfterSeconds));
    res.locals["errorCode"] = failure.code;
    res.status(codeToStatus[failure.code]).json({
      error: {
        code: failure.code,
        message: failure.message,
        requestId: res.locals["requestId"] ?? "req_unknown",
        ...(failure.details ? { details: failure.details } : {}),
      },
    });
  };
}

/** Every 401 names the account page, where the user signs in and makes tokens (docs/contract.md). */
function withAccountUrl(failure: DomainError, accountUrl: string): DomainError {
  if (failure.code !== "UNAUTHENTICATED" || failure.details?.["accountUrl"] !== undefined) return failure;
  return new DomainError(failure.code, failure.message, { ...failure.details, accountUrl });
}

export const notFoundHandler: RequestHandler = (_req, _res, next) =>
  next(new DomainError("NOT_FOUND", "no such route"));

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Connection-level failures of PostgreSQL (class 08, shutdown 57P0x) or of the socket. */
const UNAVAILABLE = /^(08...|57P0[1-3]|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/;

function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof DatabaseUnavailableError) {
    return new DomainError(
      "SERVICE_UNAVAILABLE",
      "the database is unavailable; retry shortly",
      {},
      { retryAfterSeconds: 1 },
    );
  }
  if (error instanceof DatabaseInputError) {
    return new DomainError("VALIDATION_FAILED", "the request holds a value the API cannot store or look up", {
      issues: [{ path: "", message: `a value the database cannot accept (SQLSTATE ${error.code})` }],
    });
  }
  if (error instanceof DatabaseConflictError) {
    return new DomainError("CONFLICT", "a concurrent request changed the same thing; retry");
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && UNAVAILABLE.test(code)) {
    return new DomainError(
      "SERVICE_UNAVAILABLE",
      "a dependency of the API is unavailable; retry shortly",
      {},
      { retryAfterSeconds: 5 },
    );
  }
  if (error instanceof ZodError)
    return new DomainError("VALIDATION_FAILED", "the request is not valid", { issues: issuesOf(error) });
  const e = error as BodyParserError;
  switch (e?.type) {
    case "entity.too.large":
      return new DomainError("PAYLOAD_TOO_LARGE", "the request body is too large");
    case "entity.parse.failed":
      return new DomainError("VALIDATION_FAILED", "the request body is not valid JSON", {
        issues: [{ path: "", message: "malformed JSON" }],
      });
    case "encoding.unsupported":
    case "charset.unsupported":
    case "request.aborted":
    case "request.size.invalid":
      return new DomainError("VALIDATION_FAILED", "the request body cannot be read", {
        issues: [{ path: "", message: e.type }],
      });
  }
  if (e && typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return new DomainError("VALIDATION_FAILED", "the request is not valid", { issues: [] });
  }
  return new DomainError("INTERNAL", "an internal error occurred");
}
