import type { EndpointClass } from "@layer/contracts";
import type { RequestHandler, Response } from "express";
import type { RouteMounter } from "../api-spec/mount.js";
import type { Scope } from "../auth/scopes.js";
import type { ProvenToken } from "../auth/verification-cache.js";
import type { Services } from "../services.js";

/** What a route file needs: the services, and where to declare its routes. */
export interface RouteKit {
  services: Services;
  /**
   * Declares a route (api-spec/route-spec.ts) on the app's own router: its guard comes from its
   * access, and it is in /openapi.json.
   */
  routes: RouteMounter;
  /** The guard (http/guard.ts): endpoint class, token, rate limit, then the scope. */
  protect(endpointClass: EndpointClass, scope?: Scope): RequestHandler[];
}

export const authOf = (res: Response): ProvenToken => res.locals["auth"] as ProvenToken;
