import type { RequestHandler } from "express";
import { ApiError } from "../http/api-error.js";
import type { ProvenToken } from "./verification-cache.js";

/** The vocabulary of CONTRACT.md "Scopes" that this API's routes need. */
export type Scope = "projects:read" | "content:read" | "tokens:rotate-self";

/**
 * Scope enforcement exists but is off (CONTRACT.md: today every key carries its owner's full
 * access and whoami says `[]`). With the flag on (config.enforceScopes), the app puts this check
 * after authentication and a route refuses a token lacking its scope with 403 FORBIDDEN_SCOPE.
 */
export function requireScope(scope: Scope): RequestHandler {
  return (_req, res, next) => {
    const proven = res.locals["auth"] as ProvenToken | undefined;
    if (proven && !proven.token.scopes.includes(scope)) {
      return next(
        new ApiError("FORBIDDEN_SCOPE", `this token lacks the scope ${scope}; issue a token that has it`, { scope }),
      );
    }
    next();
  };
}
