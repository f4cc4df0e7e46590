import type { IRouter, RequestHandler } from "express";
import { requireJsonBody } from "../http/json-body.js";
import { validate } from "../http/validate.js";
import type { ApiCatalogue } from "./catalogue.js";
import { expressPath, type RouteAccess, type RouteRequest, type RouteSpec } from "./route-spec.js";

/** The guard of each kind of access this router serves; a kind it lacks is a startup error. */
export type GuardsFor = (access: RouteAccess) => RequestHandler[] | undefined;

export interface RouteMounter {
  /** Registers the route on the router and in the catalogue: its handlers run after the guard and validation. */
  add<R extends RouteRequest>(spec: RouteSpec<R>, ...handlers: RequestHandler[]): void;
}

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};

/**
 * Routes declared once (route-spec.ts) become Express routes here: `Cache-Control: no-store`
 * first (so refusals carry it too), the guard of the access, the JSON body check, then validation
 * of params, query, headers and body into res.locals. The catalogue gets the same declaration.
 */
export function routeMounter(router: IRouter, catalogue: ApiCatalogue, guardsFor: GuardsFor): RouteMounter {
  return {
    add(spec, ...handlers) {
      const guards = guardsFor(spec.access);
      if (!guards) throw new Error(`${spec.operationId}: this router has no guard for ${spec.access.kind} access`);
      const { params, query, body, headers } = spec.request ?? {};
      const chain: RequestHandler[] = [
        ...(spec.noStore ? [noStore] : []),
        ...guards,
        ...(body ? [requireJsonBody] : []),
        ...(params || query || body || headers ? [validate({ params, query, body, headers })] : []),
        ...handlers,
      ];
      catalogue.add(spec);
      router[spec.method](expressPath(spec.path), ...chain);
    },
  };
}
