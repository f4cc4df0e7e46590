import type { Whoami } from "@layer/contracts";
import type { ProvenToken } from "../auth/verification-cache.js";
import { rotationAdvice } from "../tokens/rotation-advice.js";
import { toTokenSummary } from "../tokens/token-summary.js";

export interface WhoamiContext {
  /** The token's last use: this request's, when the authenticator just stamped it. */
  lastUsed: Date | null;
  now: Date;
  accountUrl: string;
  /** What the token reaches for this request (its limits, memberships and organization header). */
  /** Only when the request asked for them (`?include=projects`). */
  projects?: { id: string; name: string }[] | undefined;
  /** The `Layer-Organization` header's value, null without one. */
  organization: string | null;
}

/**
 * whoami's answer (docs/contract.md "Resources") for a proven token: who it belongs to, the
 * organizations it reaches, the token itself with its limits and last use, and the rotation
 * advice for `now`.
 */
export function whoamiBody(proven: ProvenToken, c: WhoamiContext): Whoami {
  const { token, user, organizations } = proven;
  const { masked: _masked, ...summary } = toTokenSummary(token, c.now);
  return {
    user: { id: user.id, email: user.email, name: user.name },
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, role: o.role })),
    organization: c.organization,
    token: {
      ...summary,
      lastUsedAt: c.lastUsed?.toISOString() ?? null,
      ...(c.projects ? { projects: c.projects } : {}),
    },
    rotation: rotationAdvice(token, c.now, c.accountUrl),
  };
}
