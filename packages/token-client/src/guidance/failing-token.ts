import { type SuccessorToken, successorOf } from "../errors/layer-error.js";

/** What a 401's details say about the token that failed (docs/contract.md: only once its secret was proven). */
export interface FailingToken {
  /** `missing`, `malformed`, `invalid`, `expired`, `revoked`, `rotated`, or another word a newer API sends. */
  reason?: string;
  tokenName?: string;
  keyId?: string;
  expiredAt?: string;
  revokedAt?: string;
  /** The token that replaced this one (`rotated`: its overlap has ended). */
  successor?: SuccessorToken;
}

/**
 * The token named by a 401, read by shape (`code: "UNAUTHENTICATED"`, the error's fields or its
 * `details`): a connector may hold an error from another bundled copy of this package, where
 * `instanceof` fails. Null for any other error.
 */
export function failingToken(error: unknown): FailingToken | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as Record<string, unknown> & { details?: unknown };
  if (e["code"] !== "UNAUTHENTICATED") return null;
  const d = typeof e.details === "object" && e.details !== null ? (e.details as Record<string, unknown>) : {};
  const str = (...vs: unknown[]) => vs.find((v): v is string => typeof v === "string" && v !== "");
  const out: FailingToken = {};
  const reason = str(e["reason"] === "unknown" ? undefined : e["reason"], d["reason"]);
  const tokenName = str(e["tokenName"], d["name"]);
  const keyId = str(e["keyId"], d["keyId"]);
  const expiredAt = str(e["expiredAt"], d["expiredAt"]);
  const revokedAt = str(e["revokedAt"], d["revokedAt"]);
  if (reason) out.reason = reason;
  if (tokenName) out.tokenName = tokenName;
  if (keyId) out.keyId = keyId;
  if (expiredAt) out.expiredAt = expiredAt;
  if (revokedAt) out.revokedAt = revokedAt;
  const successor = successorOf(e["successor"]) ?? successorOf(d["successor"]);
  if (successor) out.successor = successor;
  return out;
}
