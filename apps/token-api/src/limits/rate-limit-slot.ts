import type { EndpointClass } from "@layer/contracts";
import type { RequestHandler } from "express";

/**
 * The seam for issue 4's rate limits. Each /v1 route declares its endpoint class first; after
 * authentication the app runs `rateLimit` (a no-op until issue 4 provides one), which reads
 * res.locals.auth (the proven token, its tier) and res.locals.endpointClass, sets the
 * X-RateLimit-* headers and throws ApiError("RATE_LIMITED", …) when the bucket is empty.
 */
export type RateLimitMiddleware = RequestHandler;

export const noRateLimit: RateLimitMiddleware = (_req, _res, next) => next();

export function endpointClass(name: EndpointClass): RequestHandler {
  return (_req, res, next) => {
    res.locals["endpointClass"] = name;
    next();
  };
}
