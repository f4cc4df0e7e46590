import type { ConnectorTool } from "./account-links.js";
import { defaultWaitMs } from "./default-waits.js";
import type { SuccessorToken } from "../errors/layer-error.js";
import { failingToken } from "./failing-token.js";
import { type MissingScope, missingScope } from "./missing-scope.js";
import { type RotationAdviceView, rotationAdvice } from "./rotation-advice.js";
import { unknownOrganization } from "./unknown-organization.js";

/**
 * What a person should do about a failed call, the same for every connector:
 * - `fix-token`: the token is refused (401), was replaced by its regenerated successor (401
 *   `rotated`), or lacks a scope (403); waiting will not help, another token will. `advice` holds
 *   the rotation steps for an expired, revoked or replaced one; `missingScope` says what a 403's
 *   token may not do and which access a new token needs; `successor` names the replacement.
 * - `wait`: the token's rate limit is spent; calls work again at `retryAt`.
 * - `tell-admin`: an administrator switched the token off (kill switch); nothing retries it and
 *   no new token of the same owner helps until they restore access.
 * - `retry-later`: Layer or the way to it is in trouble (503, 502, 504, 500, no answer); try
 *   again at `retryAt`.
 * - `bug`: neither waiting nor another token fixes it: the request is wrong (a table that is
 *   gone, a field the API refuses) or the answer makes no sense. The connector words it by `code`
 *   and quotes the request id.
 */
export type FailureKind = "fix-token" | "wait" | "tell-admin" | "retry-later" | "bug";

/**
 * What happened, one level finer than the kind, so that a connector's wording table is keyed by
 * it and decides nothing itself: each topic belongs to one kind (`KIND_OF_TOPIC`).
 */
export type FailureTopic =
  | "token-refused"
  | "token-replaced"
  | "token-lacks-scope"
  | "token-disabled"
  | "rate-limited"
  | "unavailable"
  | "unreachable"
  | "not-found"
  | "bad-request"
  | "bad-response"
  | "unexpected";

export interface FailureGuidance {
  kind: FailureKind;
  topic: FailureTopic;
  /** The contract's code, or the client's own (`CONNECTION_FAILED`, …); `UNEXPECTED` for an error that is not Layer's. */
  code: string;
  /** Epoch ms when trying again makes sense (`wait`, `retry-later`); null otherwise. */
  retryAt: number | null;
  /** The token concerned: named by the 401's details when it has them, else by the caller's context. */
  token: { name: string | null; keyId: string | null };
  /** The 401's reason (`expired`, `revoked`, `invalid`, …) or the kill switch's scope; null otherwise. */
  reason: string | null;
  /** Rotation advice for an expired, revoked or replaced token, when the caller said which tool asks (`context`). */
  advice: RotationAdviceView | null;
  /** 403 `FORBIDDEN_SCOPE`: the scope the token lacks, in words; null for anything else. */
  missingScope: MissingScope | null;
  /** 401 `rotated`: the token that replaced this one (never its secret); null otherwise. */
  successor: SuccessorToken | null;
  /** 404 for a `Layer-Organization` the owner is not in: that organization's id; null otherwise. */
  organization: string | null;
}

/** What only the connector knows: who is asking, where the account page is, the token it sent. */
export interface FailureContext {
  tool: ConnectorTool;
  /** The account page (`accountUrl(apiBaseUrl)`). */
  accountUrl: string;
  documentName?: string | undefined;
  token?: { name?: string | null | undefined; keyId?: string | null | undefined } | null | undefined;
}

/** Which topic each code is; a code not listed is a reply that makes no sense (`bad-response`). */
const TOPIC_OF_CODE: Record<string, FailureTopic> = {
  UNAUTHENTICATED: "token-refused",
  FORBIDDEN_SCOPE: "token-lacks-scope",
  KILL_SWITCH: "token-disabled",
  RATE_LIMITED: "rate-limited",
  SERVICE_UNAVAILABLE: "unavailable",
  BAD_GATEWAY: "unavailable",
  GATEWAY_TIMEOUT: "unavailable",
  INTERNAL: "unavailable",
  CONNECTION_FAILED: "unreachable",
  TIMEOUT: "unreachable",
  NOT_FOUND: "not-found",
  VALIDATION_FAILED: "bad-request",
  CONFLICT: "bad-request",
  PAYLOAD_TOO_LARGE: "bad-request",
  UNEXPECTED: "unexpected",
};

export const KIND_OF_TOPIC: Record<FailureTopic, FailureKind> = {
  "token-refused": "fix-token",
  "token-replaced": "fix-token",
  "token-lacks-scope": "fix-token",
  "token-disabled": "tell-admin",
  "rate-limited": "wait",
  unavailable: "retry-later",
  unreachable: "retry-later",
  "not-found": "bug",
  "bad-request": "bug",
  "bad-response": "bug",
  unexpected: "bug",
};

/**
 * The decision every connector words in its own host's terms. Read by shape (`code`,
 * `retryAfterMs`, `details`), so an error from another bundled copy of this package classifies
 * the same. `now` is the caller's clock (epoch ms).
 */
export function classifyFailure(error: unknown, now: number, context?: FailureContext): FailureGuidance {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const isLayer = typeof e["code"] === "string" && typeof e["status"] === "number";
  const thrown = isLayer ? (e["code"] as string) : "UNEXPECTED";
  // A call held back by the session's shared deadline is worded like the answer that set it.
  const held = thrown === "THROTTLED" ? e["heldBy"] : undefined;
  const code = held === "RATE_LIMITED" || held === "SERVICE_UNAVAILABLE" ? held : thrown;
  // Own keys only (not Object.hasOwn: Apps Script projects type-check against ES2019).
  const listed: unknown = TOPIC_OF_CODE[code];
  const named = failingToken(error);
  const byCode: FailureTopic = typeof listed === "string" ? (listed as FailureTopic) : "bad-response";
  // A regenerated token's old secret: the fix is its successor, which the user may already hold.
  const topic: FailureTopic = byCode === "token-refused" && named?.reason === "rotated" ? "token-replaced" : byCode;
  const kind = KIND_OF_TOPIC[topic];

  const token = {
    name: named?.tokenName ?? context?.token?.name ?? null,
    keyId: named?.keyId ?? context?.token?.keyId ?? null,
  };
  const details = (typeof e["details"] === "object" && e["details"] !== null ? e["details"] : {}) as Record<
    string,
    unknown
  >;
  const scope =
    typeof e["scope"] === "string" ? e["scope"] : typeof details["scope"] === "string" ? details["scope"] : null;
  const reason = named ? (named.reason ?? null) : code === "KILL_SWITCH" ? scope : null;

  let advice: RotationAdviceView | null = null;
  if (kind === "fix-token" && context) {
    advice = rotationAdvice({
      error,
      now,
      tool: context.tool,
      accountUrl: context.accountUrl,
      ...(context.documentName ? { documentName: context.documentName } : {}),
      ...(token.name ? { tokenName: token.name } : {}),
      ...(token.keyId ? { keyId: token.keyId } : {}),
    });
  }
  return {
    kind,
    topic,
    code,
    retryAt: retryAt(kind, code, e, now),
    token,
    reason,
    advice,
    missingScope: topic === "token-lacks-scope" ? missingScope(scope) : null,
    successor: named?.successor ?? null,
    organization: unknownOrganization(error),
  };
}

/** The server's wait (or the client's last one) when the error carries it, else the one table's. */
function retryAt(kind: FailureKind, code: string, e: Record<string, unknown>, now: number): number | null {
  if (kind !== "wait" && kind !== "retry-later") return null;
  if (typeof e["retryAt"] === "number" && Number.isFinite(e["retryAt"])) return e["retryAt"];
  const given = e["retryAfterMs"];
  const wait = typeof given === "number" && Number.isFinite(given) && given >= 0 ? given : defaultWaitMs(code);
  return now + (wait ?? 0);
}
