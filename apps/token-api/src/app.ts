import express, { type Express, type Router } from "express";
import { accountRoutes } from "./account/index.js";
import { accountOpenApiPaths } from "./account/openapi.js";
import { requireScope } from "./auth/scopes.js";
import { accessLog } from "./http/access-log.js";
import { authenticate } from "./http/authenticate.js";
import { chain } from "./http/chain.js";
import { corsPolicy } from "./http/cors.js";
import { errorHandler, notFoundHandler } from "./http/error-handler.js";
import { requestId } from "./http/request-id.js";
import { endpointClass, noRateLimit, type RateLimitMiddleware } from "./limits/rate-limit-slot.js";
import { operatorChannel } from "./operator/channel.js";
import { healthRoutes } from "./routes/health.js";
import { openApiRoutes } from "./routes/openapi.js";
import { projectRoutes } from "./routes/projects.js";
import { rotateSelfRoutes } from "./routes/rotate-self.js";
import type { RouteKit } from "./routes/route-kit.js";
import { whoamiRoutes } from "./routes/whoami.js";
import type { Services } from "./services.js";

export interface AppOptions {
  /** Issue 4's rate limiter; runs after authentication on every /v1 route. */
  rateLimit?: RateLimitMiddleware | undefined;
  /** Enables the loopback operator channel with this secret (embedded database only). */
  operatorSecret?: string | undefined;
  /** More routers (mounted before the 404 handler). */
  routers?: Router[] | undefined;
}

/** The whole API without listening: tests and benchmarks start it on port 0. */
export function createApp(services: Services, options: AppOptions = {}): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");

  const json = express.json({ limit: services.config.bodyLimitBytes, strict: true });
  app.use(
    chain([
      requestId,
      accessLog(services.accessLogger),
      corsPolicy(services.config.corsOrigins),
      // Reads carry no body: skip the parser's content checks on the hot GET path.
      (req, res, next) => (req.method === "GET" || req.method === "HEAD" ? next() : json(req, res, next)),
    ]),
  );

  const auth = authenticate(services.authenticator);
  const rateLimit = options.rateLimit ?? noRateLimit;
  const enforceScopes = services.config.enforceScopes ?? false;
  const kit: RouteKit = {
    services,
    protect: (name, scope) => [chain([endpointClass(name), auth, rateLimit, ...(scope ? [requireScope(scope, enforceScopes)] : [])])],
  };
  app.use(whoamiRoutes(kit));
  app.use(projectRoutes(kit));
  app.use(rotateSelfRoutes(kit));
  // After the /v1 routes: every router passed costs the hot path a little.
  app.use(healthRoutes(services));
  app.use(openApiRoutes(services.config.publicUrl, accountOpenApiPaths));
  if (options.operatorSecret) app.use(operatorChannel(services, options.operatorSecret));
  // Issue 5 mounts the account page and the personal-token routes here.
  app.use(accountRoutes(services));
  for (const router of options.routers ?? []) app.use(router);

  app.use(notFoundHandler);
  app.use(errorHandler(services.logger));
  return app;
}
