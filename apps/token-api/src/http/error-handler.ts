import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { ZodError } from "zod";
import { DatabaseConflictError, DatabaseInputError } from "../db/database-errors.js";
import { DatabaseUnavailableError } from "../db/database-unavailable.js";
import { ApiError, issuesOf } from "./api-error.js";

/** The one error mapper: every failure leaves as the contract's envelope, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    const apiError = toApiError(error);
    if (apiError.code === "INTERNAL") {
      logger.error({ requestId: res.locals["requestId"], err: error }, "unhandled error");
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(apiError.headers ?? {})) res.setHeader(name, value);
    res.locals["errorCode"] = apiError.code;
    res.status(apiError.status).json({
      error: {
        code: apiError.code,
        message: apiError.message,
        requestId: res.locals["requestId"] ?? "req_unknown",
        ...(apiError.details ? { details: apiError.details } : {}),
      },
    });
  };
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new ApiError("NOT_FOUND", "no such route"));

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Connection-level failures of PostgreSQL (class 08, shutdown 57P0x) or of the socket. */
const UNAVAILABLE = /^(08...|57P0[1-3]|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE)$/;

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DatabaseUnavailableError) {
    return new ApiError(
      "SERVICE_UNAVAILABLE",
      "the database is unavailable; retry shortly",
      {},
      { "Retry-After": "1" },
    );
  }
  if (error instanceof DatabaseInputError) {
    return new ApiError("VALIDATION_FAILED", "the request holds a value the API cannot store or look up", {
      issues: [{ path: "", message: `a value the database cannot accept (SQLSTATE ${error.code})` }],
    });
  }
  if (error instanceof DatabaseConflictError) {
    return new ApiError("CONFLICT", "a concurrent request changed the same thing; retry");
  }
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string" && UNAVAILABLE.test(code)) {
    return new ApiError(
      "SERVICE_UNAVAILABLE",
      "a dependency of the API is unavailable; retry shortly",
      {},
      { "Retry-After": "5" },
    );
  }
  if (error instanceof ZodError)
    return new ApiError("VALIDATION_FAILED", "the request is not valid", { issues: issuesOf(error) });
  const e = error as BodyParserError;
  switch (e?.type) {
    case "entity.too.large":
      return new ApiError("PAYLOAD_TOO_LARGE", "the request body is too large");
    case "entity.parse.failed":
      return new ApiError("VALIDATION_FAILED", "the request body is not valid JSON", {
        issues: [{ path: "", message: "malformed JSON" }],
      });
    case "encoding.unsupported":
    case "charset.unsupported":
    case "request.aborted":
    case "request.size.invalid":
      return new ApiError("VALIDATION_FAILED", "the request body cannot be read", {
        issues: [{ path: "", message: e.type }],
      });
  }
  if (e && typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return new ApiError("VALIDATION_FAILED", "the request is not valid", { issues: [] });
  }
  return new ApiError("INTERNAL", "an internal error occurred");
}
