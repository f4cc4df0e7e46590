import type { EndpointClass } from "@layer/contracts";
import type { RequestHandler } from "express";
import type { Authenticator } from "../auth/authenticator.js";
import { requireScope, type Scope } from "../auth/scopes.js";
import { type RateLimiter, rateLimitRefusal, setRateLimitHeaders } from "../limits/index.js";
import { authenticateRequest } from "./authenticate.js";

export interface GuardSteps {
  authenticator: Authenticator;
  /** Absent only where the app is built without limits (the benchmark of what they cost). */
  rateLimiter?: RateLimiter | undefined;
  /** Asked last: the scope the route needs (docs/contract.md "Scopes"). */
  scope?: Scope | undefined;
  /** The account page, named in a refusal's advice. */
  accountUrl: string;
}

/**
 * What stands before every token-protected route, as one async handler: the token (header
 * precedence, cache, bcrypt), the rate limit of its endpoint class, then the scope. One handler
 * rather than a chain of middleware: a cached whoami is mostly per-layer framework work. A refusal
 * rejects the handler's promise, which Express 5 hands to the error handler.
 */
export function guard(endpointClass: EndpointClass, steps: GuardSteps): RequestHandler {
  const { authenticator, rateLimiter, scope, accountUrl } = steps;
  return async (req, res, next) => {
    res.locals["endpointClass"] = endpointClass;
    const proven = await authenticateRequest(authenticator, endpointClass, req, res);
    if (rateLimiter) {
      const verdict = await rateLimiter.take(proven.token, endpointClass);
      setRateLimitHeaders(res, verdict);
      if (!verdict.allowed) throw rateLimitRefusal(verdict);
    }
    if (scope) requireScope(proven, scope, accountUrl);
    next();
  };
}
