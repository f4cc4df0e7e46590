import { HEADERS } from "@layer/contracts/headers";
import { parseRetryAfter, retryAfterFromDetails } from "../core/retry-after.js";
import { redactDeep, redactSecrets } from "../token/redact.js";
import {
  AuthenticationError,
  ConflictError,
  ForbiddenScopeError,
  InternalServerError,
  KillSwitchError,
  LayerError,
  type LayerErrorCode,
  type LayerErrorInit,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  ServiceUnavailableError,
  TimeoutError,
  ValidationError,
} from "./layer-error.js";

export interface ReceivedResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  text: string;
}

export interface ErrorContext {
  /** The X-Request-Id the client sent, used when the response carries none. */
  requestId: string;
  now: number;
  /** The client's own token, masked wherever it appears. */
  secret?: string;
}

type ErrorClass = new (init: LayerErrorInit) => LayerError;

const BY_CODE: Record<string, ErrorClass> = {
  VALIDATION_FAILED: ValidationError,
  UNAUTHENTICATED: AuthenticationError,
  FORBIDDEN_SCOPE: ForbiddenScopeError,
  NOT_FOUND: NotFoundError,
  CONFLICT: ConflictError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  RATE_LIMITED: RateLimitError,
  KILL_SWITCH: KillSwitchError,
  SERVICE_UNAVAILABLE: ServiceUnavailableError,
  INTERNAL: InternalServerError,
};

/** Without an envelope (a proxy, a load balancer), the status alone decides. */
const BY_STATUS: Record<number, [ErrorClass, LayerErrorCode, string]> = {
  400: [ValidationError, "VALIDATION_FAILED", "The request was not valid."],
  401: [AuthenticationError, "UNAUTHENTICATED", "The token was not accepted."],
  403: [ForbiddenScopeError, "FORBIDDEN_SCOPE", "The token is not allowed to do this."],
  404: [NotFoundError, "NOT_FOUND", "Not found, or not visible to this token."],
  409: [ConflictError, "CONFLICT", "The request conflicts with an earlier one."],
  413: [PayloadTooLargeError, "PAYLOAD_TOO_LARGE", "The request is too large."],
  422: [ValidationError, "VALIDATION_FAILED", "The request was not valid."],
  429: [RateLimitError, "RATE_LIMITED", "Too many requests: the rate limit was reached."],
  500: [InternalServerError, "INTERNAL", "The Layer API had an internal error."],
  502: [ServiceUnavailableError, "BAD_GATEWAY", "The Layer API could not be reached through a gateway."],
  503: [ServiceUnavailableError, "SERVICE_UNAVAILABLE", "The Layer API is temporarily unavailable."],
  504: [TimeoutError, "GATEWAY_TIMEOUT", "The Layer API did not answer in time."],
};

interface Envelope {
  code?: string;
  message?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

/** The one HTTP error mapper: a non-2xx response to the error class of its meaning. */
export function errorFromResponse(res: ReceivedResponse, ctx: ErrorContext): LayerError {
  const env = readEnvelope(res.text);
  const details = (redactDeep(env.details ?? {}, ctx.secret) ?? {}) as Record<string, unknown>;
  const fallback = BY_STATUS[res.status];
  const knownClass = env.code !== undefined ? BY_CODE[env.code] : undefined;
  const Class = knownClass ?? fallback?.[0] ?? (res.status >= 500 ? InternalServerError : LayerError);
  const code = (knownClass ? env.code : (fallback?.[1] ?? "HTTP_ERROR")) as LayerErrorCode;
  const message = env.message
    ? redactSecrets(env.message, ctx.secret).slice(0, 500)
    : (fallback?.[2] ?? `The Layer API answered HTTP ${res.status}.`);
  const retryAfterMs = parseRetryAfter(res.headers[HEADERS.retryAfter], ctx.now) ?? retryAfterFromDetails(details);
  const requestId =
    sanitizeId(env.requestId, ctx.secret) ?? sanitizeId(res.headers[HEADERS.requestId], ctx.secret) ?? ctx.requestId;
  const headers = redactDeep(res.headers, ctx.secret) as Record<string, string>;
  const init: LayerErrorInit = { message, status: res.status, code, requestId, details, headers };
  if (retryAfterMs !== null) init.retryAfterMs = retryAfterMs;
  return new Class(init);
}

function readEnvelope(text: string): Envelope {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== "object" || error === null) return {};
  const e = error as Record<string, unknown>;
  const out: Envelope = {};
  if (typeof e["code"] === "string") out.code = e["code"];
  if (typeof e["message"] === "string") out.message = e["message"];
  if (typeof e["requestId"] === "string") out.requestId = e["requestId"];
  if (typeof e["details"] === "object" && e["details"] !== null && !Array.isArray(e["details"])) {
    out.details = e["details"] as Record<string, unknown>;
  }
  return out;
}

/** A request id is shown to users and logged: accept only a plain, short one that holds no secret. */
function sanitizeId(id: string | undefined, secret: string | undefined): string | undefined {
  if (typeof id !== "string" || !/^[A-Za-z0-9._:-]{1,128}$/.test(id)) return undefined;
  return redactSecrets(id, secret) === id ? id : undefined;
}
