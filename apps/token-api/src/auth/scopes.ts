import { DomainError } from "../errors/domain-error.js";
import type { ProvenToken } from "./verification-cache.js";

/** The vocabulary of docs/contract.md "Scopes" that this API's routes need. */
export type Scope = "projects:read" | "content:read" | "tokens:rotate-self";

/**
 * Scope enforcement exists but is off (docs/contract.md: today every key carries its owner's full
 * access and whoami says `[]`). With the flag on (config.enforceScopes), a route's guard asks this
 * after authentication, and a token lacking the route's scope is refused with FORBIDDEN_SCOPE.
 */
export function requireScope(proven: ProvenToken, scope: Scope): void {
  if (!proven.token.scopes.includes(scope)) {
    throw new DomainError("FORBIDDEN_SCOPE", `this token lacks the scope ${scope}; issue a token that has it`, {
      scope,
    });
  }
}
