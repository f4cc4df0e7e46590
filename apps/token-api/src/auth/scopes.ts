import { SCOPE_DESCRIPTIONS, type Scope } from "@layer/contracts";
import { DomainError } from "../errors/domain-error.js";
import type { ProvenToken } from "./verification-cache.js";

export type { Scope };

/**
 * docs/contract.md "Scopes": a route's guard asks this after authentication and the rate limit;
 * a token lacking the route's scope is refused with 403 FORBIDDEN_SCOPE naming it, in words and
 * as `details.scope`, with what to do about it.
 */
export function requireScope(proven: ProvenToken, scope: Scope, accountUrl: string): void {
  if (!proven.token.scopes.includes(scope)) {
    throw new DomainError(
      "FORBIDDEN_SCOPE",
      `the API token "${proven.token.name}" may not ${SCOPE_DESCRIPTIONS[scope]}: it lacks the scope ${scope}. ` +
        `Create a token with read-write access at ${accountUrl}`,
      { scope },
    );
  }
}
