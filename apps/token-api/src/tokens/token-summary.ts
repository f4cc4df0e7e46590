import type { TokenSummary } from "@layer/contracts";
import { maskedToken } from "./secrets.js";
import type { TokenRecord } from "./token-repository.js";

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** A token as any listing shows it: masked, never the secret or its hash. */
export function toTokenSummary(t: TokenRecord): TokenSummary {
  return {
    keyId: t.keyId,
    name: t.name,
    env: t.env,
    masked: maskedToken(t.env, t.keyId, t.legacy),
    legacy: t.legacy,
    tier: t.tier,
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revokedAt: iso(t.revokedAt),
  };
}
