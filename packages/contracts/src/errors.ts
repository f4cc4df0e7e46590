import { z } from "zod";
import { UNAUTHENTICATED_REASONS } from "./unauthenticated.js";

/** Every error code of the contract; one enum and one status map (docs/contract.md, "Error envelope"). */
export const ErrorCode = z.enum([
  "VALIDATION_FAILED",
  "UNAUTHENTICATED",
  "FORBIDDEN_SCOPE",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "RATE_LIMITED",
  "KILL_SWITCH",
  "SERVICE_UNAVAILABLE",
  "INTERNAL",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const codeToStatus: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN_SCOPE: 403,
  // The account page's browser checks refused a mutation (missing or wrong CSRF token, foreign Origin).
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  KILL_SWITCH: 503,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Why a 401 was answered (the list is in unauthenticated.ts, shared with the clients). */
export const UnauthenticatedReason = z.enum(UNAUTHENTICATED_REASONS);
export type UnauthenticatedReason = z.infer<typeof UnauthenticatedReason>;

export const EndpointClass = z.enum(["read-light", "write-light", "long-running"]);
export type EndpointClass = z.infer<typeof EndpointClass>;

export const Tier = z.enum(["standard", "pilot", "partner"]);
export type Tier = z.infer<typeof Tier>;

/** Which kill switch fired: a client may say "an administrator disabled this key" either way. */
export const KillSwitchScope = z.enum(["key", "organization", "global"]);
export type KillSwitchScope = z.infer<typeof KillSwitchScope>;

export const ValidationIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof ValidationIssue>;

/** Known `details` shapes per code; other codes carry an empty or free-form object. */
export const UnauthenticatedDetails = z.object({
  reason: UnauthenticatedReason,
  /** Where the user makes a new token: `<PUBLIC_URL>/account/api`. */
  accountUrl: z.string(),
  keyId: z.string().optional(),
  name: z.string().optional(),
  expiredAt: z.string().optional(),
  revokedAt: z.string().optional(),
  /** `rotated`: the token that replaced this one (never its secret). */
  successor: z.object({ keyId: z.string(), name: z.string() }).optional(),
});
export type UnauthenticatedDetails = z.infer<typeof UnauthenticatedDetails>;

export const RateLimitedDetails = z.object({
  endpointClass: EndpointClass,
  retryAfterMs: z.number().int().nonnegative(),
});
export type RateLimitedDetails = z.infer<typeof RateLimitedDetails>;

export const KillSwitchDetails = z.object({
  scope: KillSwitchScope,
  keyId: z.string().optional(),
});
export type KillSwitchDetails = z.infer<typeof KillSwitchDetails>;

/** 403 FORBIDDEN_SCOPE: the scope the route needs and the token lacks. */
export const ForbiddenScopeDetails = z.object({ scope: z.string() });
export type ForbiddenScopeDetails = z.infer<typeof ForbiddenScopeDetails>;

/** 404 NOT_FOUND for a `Layer-Organization` the user does not belong to (or that does not exist). */
export const OrganizationNotFoundDetails = z.object({ organization: z.string() });
export type OrganizationNotFoundDetails = z.infer<typeof OrganizationNotFoundDetails>;

export const ValidationFailedDetails = z.object({ issues: z.array(ValidationIssue) });
export type ValidationFailedDetails = z.infer<typeof ValidationFailedDetails>;

export const ErrorEnvelope = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    requestId: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;
