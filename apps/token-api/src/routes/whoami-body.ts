import type { Whoami } from "@layer/contracts";
import type { ProvenToken } from "../auth/verification-cache.js";
import { rotationAdvice } from "../tokens/rotation-advice.js";

/**
 * whoami's answer (docs/contract.md "Resources") for a proven token: who it belongs to, the
 * organizations it reaches, the token itself with its last use, and the rotation advice for `now`.
 */
export function whoamiBody(proven: ProvenToken, lastUsed: Date | null, now: Date, accountUrl: string): Whoami {
  const { token, user, organizations } = proven;
  return {
    user: { id: user.id, email: user.email, name: user.name },
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, role: o.role })),
    token: {
      name: token.name,
      keyId: token.keyId,
      env: token.env,
      legacy: token.legacy,
      // Scopes are not enforced yet (docs/contract.md "Scopes"): every key carries its owner's access.
      scopes: [],
      tier: token.tier,
      createdAt: token.createdAt.toISOString(),
      expiresAt: token.expiresAt?.toISOString() ?? null,
      lastUsedAt: lastUsed?.toISOString() ?? null,
    },
    rotation: rotationAdvice(token, now, accountUrl),
  };
}
