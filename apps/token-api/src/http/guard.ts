import type { EndpointClass } from "@layer/contracts";
import type { RequestHandler } from "express";
import type { Authenticator } from "../auth/authenticator.js";
import { tokenAdmission } from "./authenticate.js";

export interface GuardSteps {
  authenticator: Authenticator;
  /** Issue 4's limiter (or noRateLimit); reads res.locals.auth and res.locals.endpointClass. */
  rateLimit: RequestHandler;
  /** Runs last, when scopes are enforced. */
  scope?: RequestHandler | undefined;
}

/**
 * What stands before every token-protected route, as one handler: the endpoint class, the token
 * (header precedence, cache, bcrypt), the rate limit, then the scope. One function rather than a
 * chain of middleware: a cached whoami spends most of its time in per-step overhead (issue 3's
 * benchmark), and a cached proof passes here with no promise and no closure.
 */
export function guard(endpointClass: EndpointClass, steps: GuardSteps): RequestHandler {
  const admit = tokenAdmission(steps.authenticator);
  const { rateLimit, scope } = steps;
  const limit: RequestHandler = scope
    ? (req, res, next) => rateLimit(req, res, (error?: unknown) => (error ? next(error) : scope(req, res, next)))
    : rateLimit;
  return (req, res, next) => {
    res.locals["endpointClass"] = endpointClass;
    let admission: void | Promise<void>;
    try {
      admission = admit(req, res);
    } catch (refusal) {
      return next(refusal);
    }
    if (admission) return void admission.then(() => limit(req, res, next), next);
    limit(req, res, next);
  };
}
