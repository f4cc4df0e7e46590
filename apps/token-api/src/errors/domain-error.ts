import type { ErrorCode, ValidationIssue } from "@layer/contracts";
import type { z } from "zod";

export interface DomainErrorOptions {
  /** How long the client should wait before trying again (the envelope's Retry-After). */
  retryAfterSeconds?: number | undefined;
}

/**
 * A refusal in the contract's words (its error code, a message, details), thrown by any layer:
 * authentication, tokens, limits, stores and routes. It knows nothing of HTTP; the app's error
 * handler (http/error-handler.ts) is the one place that turns it into the envelope, its status
 * and its Retry-After. `message` and `details` reach the client: never put a token, a hash or a
 * stack in them.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export const notFound = (what = "resource"): DomainError => new DomainError("NOT_FOUND", `${what} not found`);

export function issuesOf(error: z.ZodError, prefix = ""): ValidationIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
}

export function validationFailed(issues: ValidationIssue[], message = "the request is not valid"): DomainError {
  return new DomainError("VALIDATION_FAILED", message, { issues });
}
