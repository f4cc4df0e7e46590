import express, { type Express, type Router } from "express";
import { accountRoutes } from "./account/index.js";
import { accountOpenApiPaths } from "./account/openapi.js";
import { requireScope } from "./auth/scopes.js";
import { errorHandler, notFoundHandler } from "./http/error-handler.js";
import { guard } from "./http/guard.js";
import { writeQueuedHeaders } from "./http/header-block.js";
import { prelude } from "./http/prelude.js";
import { noRateLimit, type RateLimitMiddleware } from "./limits/rate-limit-slot.js";
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
  // Only a configured proxy (TLS terminator) may tell the client's protocol and address.
  app.set("trust proxy", services.config.trustProxy ?? false);
  writeQueuedHeaders(app);

  const { config } = services;
  app.use(
    prelude({
      accessLogger: services.accessLogger,
      corsOrigins: config.corsOrigins,
      bodyLimitBytes: config.bodyLimitBytes,
    }),
  );

  const rateLimit = options.rateLimit ?? noRateLimit;
  const kit: RouteKit = {
    services,
    protect: (name, scope) => [
      guard(name, {
        authenticator: services.authenticator,
        rateLimit,
        scope: scope && config.enforceScopes ? requireScope(scope) : undefined,
      }),
    ],
  };
  // The token-protected routes sit on the app's own router, not in routers of their own: a
  // mounted router is one more dispatch on every request (issue 3's benchmark).
  whoamiRoutes(app, kit);
  projectRoutes(app, kit);
  rotateSelfRoutes(app, kit);
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
