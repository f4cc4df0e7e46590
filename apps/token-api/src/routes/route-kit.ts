import type { EndpointClass } from "@layer/contracts";
import type { RequestHandler, Response } from "express";
import type { Scope } from "../auth/scopes.js";
import type { ProvenToken } from "../auth/verification-cache.js";
import type { Services } from "../services.js";

/** What a route file needs: the services and the guard for its endpoint class. */
export interface RouteKit {
  services: Services;
  /** The guard (http/guard.ts): endpoint class, token, rate limit, then the scope. */
  protect(endpointClass: EndpointClass, scope?: Scope): RequestHandler[];
}

export const authOf = (res: Response): ProvenToken => res.locals["auth"] as ProvenToken;
