import type { RequestHandler } from "express";

/**
 * The seam for issue 4's rate limits. The guard of each /v1 route (http/guard.ts) records its
 * endpoint class and, after authentication, runs `rateLimit` (a no-op without issue 4's), which
 * reads res.locals.auth (the proven token, its tier) and res.locals.endpointClass, sets the
 * X-RateLimit-* headers and passes ApiError("RATE_LIMITED", …) on when the bucket is empty.
 */
export type RateLimitMiddleware = RequestHandler;

export const noRateLimit: RateLimitMiddleware = (_req, _res, next) => next();
