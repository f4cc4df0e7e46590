import type { RevokedBy, TokenStatus, TokenSummary } from "@layer/contracts";
import { maskedToken } from "./secrets.js";
import type { TokenRecord } from "./token-repository.js";

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export interface TokenEnd {
  status: TokenStatus;
  /** When a revoked token stopped working: its revocation, or the end of a rotation's overlap. */
  revokedAt: Date | null;
  revokedBy: RevokedBy | null;
  expiredAt: Date | null;
}

/**
 * Whether a token still works at `now`, and if not, how it ended. A regenerated or rotated token
 * whose overlap is over counts as revoked by the rotation (the user replaced it), not as expired.
 */
export function tokenEnd(
  t: Pick<TokenRecord, "revokedAt" | "revokedBy" | "expiresAt" | "rotatedTo">,
  now: Date,
): TokenEnd {
  if (t.revokedAt) return { status: "revoked", revokedAt: t.revokedAt, revokedBy: t.revokedBy, expiredAt: null };
  if (t.expiresAt && t.expiresAt.getTime() <= now.getTime()) {
    return t.rotatedTo
      ? { status: "revoked", revokedAt: t.expiresAt, revokedBy: "rotation", expiredAt: null }
      : { status: "expired", revokedAt: null, revokedBy: null, expiredAt: t.expiresAt };
  }
  return { status: "active", revokedAt: null, revokedBy: null, expiredAt: null };
}

/** A token as any listing shows it at `now`: masked, never the secret or its hash. */
export function toTokenSummary(t: Omit<TokenRecord, "secretHash">, now: Date): TokenSummary {
  const end = tokenEnd(t, now);
  return {
    keyId: t.keyId,
    name: t.name,
    env: t.env,
    masked: maskedToken(t.env, t.keyId, t.legacy),
    legacy: t.legacy,
    tier: t.tier,
    scopes: t.scopes,
    access: t.access,
    projectIds: t.projectIds,
    status: end.status,
    createdAt: t.createdAt.toISOString(),
    expiresAt: iso(t.expiresAt),
    expiredAt: iso(end.expiredAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(end.revokedAt),
    revokedBy: end.revokedBy,
    rotatedFrom: t.rotatedFrom,
    rotatedTo: t.rotatedTo,
  };
}
