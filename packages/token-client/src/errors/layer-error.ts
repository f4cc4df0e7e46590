import { INSPECT } from "../core/inspect.js";
import type { ErrorCode } from "@layer/contracts";
import { isUnauthenticatedReason, type UnauthenticatedReason } from "@layer/contracts/unauthenticated";

/** The contract's codes plus the ones a client meets without an envelope (a proxy, the network). */
export type LayerErrorCode =
  | ErrorCode
  | "BAD_GATEWAY"
  | "GATEWAY_TIMEOUT"
  | "CONNECTION_FAILED"
  | "TIMEOUT"
  | "BAD_RESPONSE"
  | "HTTP_ERROR"
  | "THROTTLED";

/** Why the client stopped retrying, when it did: lets a caller reschedule instead of waiting. */
export type RetryStop = "not_retryable" | "max_retries" | "max_wait" | "budget" | "vetoed";

export interface LayerErrorInit {
  message: string;
  /** HTTP status; 0 when no response arrived (connection failure, timeout). */
  status: number;
  code: LayerErrorCode;
  requestId: string;
  details?: Record<string, unknown>;
  retryAfterMs?: number;
  /** Response headers, lower-cased. Never request headers: those hold the token. */
  headers?: Record<string, string>;
}

/**
 * Base of every error the client throws. Messages and details are redacted before they get here
 * (errors/from-response.ts), and `toJSON`/inspect show only these fields, so no secret can leak
 * through logging an error.
 */
// Fields are `declare`d and assigned in constructors: Apps Script bundles target ES2019, where class
// fields would need helpers. `name` is a literal per class so that it survives minification.
export class LayerError extends Error {
  declare readonly name: string;
  declare readonly status: number;
  declare readonly code: LayerErrorCode;
  declare readonly requestId: string;
  declare readonly details: Record<string, unknown>;
  declare readonly headers: Record<string, string>;
  /** The wait the server asked for, or the one the client would have made before it gave up. */
  declare retryAfterMs?: number;
  /** Set when the client stopped retrying this error, and why. */
  declare retryStoppedBy?: RetryStop;

  constructor(init: LayerErrorInit, name = "LayerError") {
    super(init.message);
    this.name = name;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details ?? {};
    this.headers = init.headers ?? {};
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      details: this.details,
    };
    if (this.retryAfterMs !== undefined) out["retryAfterMs"] = this.retryAfterMs;
    if (this.retryStoppedBy !== undefined) out["retryStoppedBy"] = this.retryStoppedBy;
    return out;
  }

  override toString(): string {
    return `${this.name} [${this.code}${this.status ? ` ${this.status}` : ""}]: ${this.message} (request ${this.requestId})`;
  }

  /** Node's console and util.inspect: the stack (its message is already redacted) and the fields, nothing else. */
  [INSPECT](): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    return `${this.stack ?? this.toString()}\n  ${JSON.stringify(fields)}`;
  }
}

/** Why the API answered 401, in the contract's words. */
export type AuthenticationReason = UnauthenticatedReason;

/** The token that took over from a regenerated one (a 401 `rotated`'s `details.successor`). */
export interface SuccessorToken {
  keyId: string;
  name: string;
}

/** 401: the token is missing, wrong, expired, revoked or replaced by its successor. Not retried: the user must rotate. */
export class AuthenticationError extends LayerError {
  declare readonly name: "AuthenticationError";
  declare readonly reason: AuthenticationReason | "unknown";
  declare readonly keyId?: string;
  declare readonly tokenName?: string;
  declare readonly expiredAt?: string;
  declare readonly revokedAt?: string;
  declare readonly successor?: SuccessorToken;

  constructor(init: LayerErrorInit) {
    super(init, "AuthenticationError");
    const d = this.details;
    const reason = d["reason"];
    this.reason = isUnauthenticatedReason(reason) ? reason : "unknown";
    if (typeof d["keyId"] === "string") this.keyId = d["keyId"];
    if (typeof d["name"] === "string") this.tokenName = d["name"];
    if (typeof d["expiredAt"] === "string") this.expiredAt = d["expiredAt"];
    if (typeof d["revokedAt"] === "string") this.revokedAt = d["revokedAt"];
    const successor = successorOf(d["successor"]);
    if (successor) this.successor = successor;
  }
}

/** A successor named by a 401's details, read by shape; null when it is not a key id with a name. */
export function successorOf(value: unknown): SuccessorToken | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const keyId = v["keyId"];
  const name = v["name"];
  return typeof keyId === "string" && keyId !== "" && typeof name === "string" ? { keyId, name } : null;
}

/** 403: the token lacks a scope (`scope`, from `details.scope`). Not retried: create a token with the scope. */
export class ForbiddenScopeError extends LayerError {
  declare readonly name: "ForbiddenScopeError";
  declare readonly scope: string | null;
  constructor(init: LayerErrorInit) {
    super(init, "ForbiddenScopeError");
    const scope = this.details["scope"];
    this.scope = typeof scope === "string" && scope !== "" ? scope : null;
  }
}

/** 404: absent, or not visible to this token (the API never says which). */
export class NotFoundError extends LayerError {
  declare readonly name: "NotFoundError";
  constructor(init: LayerErrorInit) {
    super(init, "NotFoundError");
  }
}

export interface ValidationIssue {
  path: string;
  message: string;
}

/** 400 (or 422): the request failed the API's schema; `issues` lists each field. */
export class ValidationError extends LayerError {
  declare readonly name: "ValidationError";
  declare readonly issues: ValidationIssue[];

  constructor(init: LayerErrorInit) {
    super(init, "ValidationError");
    const raw = this.details["issues"];
    this.issues = Array.isArray(raw)
      ? raw
          .filter((i): i is Record<string, unknown> => typeof i === "object" && i !== null)
          .map((i) => ({ path: String(i["path"] ?? ""), message: String(i["message"] ?? "") }))
      : [];
  }
}

/** 409: an idempotency key was reused with a different body. */
export class ConflictError extends LayerError {
  declare readonly name: "ConflictError";
  constructor(init: LayerErrorInit) {
    super(init, "ConflictError");
  }
}

/** 413: the request body is over the API's limit. */
export class PayloadTooLargeError extends LayerError {
  declare readonly name: "PayloadTooLargeError";
  constructor(init: LayerErrorInit) {
    super(init, "PayloadTooLargeError");
  }
}

/** 429: the rate-limit bucket of this key and endpoint class is empty. */
export class RateLimitError extends LayerError {
  declare readonly name: "RateLimitError";
  declare readonly endpointClass: string | null;

  constructor(init: LayerErrorInit) {
    super(init, "RateLimitError");
    const ec = this.details["endpointClass"] ?? this.headers["x-ratelimit-endpoint-class"];
    this.endpointClass = typeof ec === "string" ? ec : null;
  }
}

/** 503 KILL_SWITCH: an operator disabled the key, the organization's API access, or the API. Never retried. */
export class KillSwitchError extends LayerError {
  declare readonly name: "KillSwitchError";
  declare readonly scope: "key" | "organization" | "global" | "unknown";

  constructor(init: LayerErrorInit) {
    super(init, "KillSwitchError");
    const s = this.details["scope"];
    this.scope = s === "key" || s === "organization" || s === "global" ? s : "unknown";
  }
}

/** 503 SERVICE_UNAVAILABLE, or 502 from a proxy: a dependency is down; retried after `Retry-After`. */
export class ServiceUnavailableError extends LayerError {
  declare readonly name: "ServiceUnavailableError";
  constructor(init: LayerErrorInit) {
    super(init, "ServiceUnavailableError");
  }
}

/** 500 INTERNAL (and other unexpected 5xx): a server bug. */
export class InternalServerError extends LayerError {
  declare readonly name: "InternalServerError";
  constructor(init: LayerErrorInit) {
    super(init, "InternalServerError");
  }
}

/** No response: DNS, refused, reset, TLS, CORS refusal in a browser. */
export class ConnectionError extends LayerError {
  declare readonly name: "ConnectionError";
  constructor(init: LayerErrorInit) {
    super(init, "ConnectionError");
  }
}

/** No response in time: the client's own timeout, or 504 from a gateway. */
export class TimeoutError extends LayerError {
  declare readonly name: "TimeoutError";
  constructor(init: LayerErrorInit) {
    super(init, "TimeoutError");
  }
}

/** Why a session's calls are held back: the two answers that ask every caller to wait. */
export type ThrottleCause = "RATE_LIMITED" | "SERVICE_UNAVAILABLE";

/**
 * Raised without sending anything: an earlier call of this session was told to wait (429, 503),
 * and the moment it may go out again (`retryAt`) is further away than this call can wait.
 */
export class ThrottledError extends LayerError {
  declare readonly name: "ThrottledError";
  /** Epoch milliseconds when calls may go out again. */
  declare readonly retryAt: number;
  declare readonly heldBy: ThrottleCause;

  constructor(init: Omit<LayerErrorInit, "status" | "code"> & { retryAt: number; heldBy: ThrottleCause }) {
    super({ ...init, status: 0, code: "THROTTLED" }, "ThrottledError");
    this.retryAt = init.retryAt;
    this.heldBy = init.heldBy;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAt: this.retryAt, heldBy: this.heldBy };
  }
}
