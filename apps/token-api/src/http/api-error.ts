import { codeToStatus, type ErrorCode, type ValidationIssue } from "@layer/contracts";
import type { z } from "zod";

/**
 * The one error type every layer throws; the error mapper turns it into the contract's envelope.
 * `message` and `details` are sent to the client: never put a token, a hash or a stack in them.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = codeToStatus[code];
  }
}

export const notFound = (what = "resource"): ApiError => new ApiError("NOT_FOUND", `${what} not found`);

export function issuesOf(error: z.ZodError, prefix = ""): ValidationIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
}

export function validationFailed(issues: ValidationIssue[], message = "the request is not valid"): ApiError {
  return new ApiError("VALIDATION_FAILED", message, { issues });
}
