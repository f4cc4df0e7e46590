import express, { type Express, type IRouter, Router } from "express";
import { accountRoutes } from "./account/index.js";
import { ApiCatalogue } from "./api-spec/catalogue.js";
import { routeMounter } from "./api-spec/mount.js";
import { errorHandler, notFoundHandler } from "./http/error-handler.js";
import { guard } from "./http/guard.js";
import { prelude } from "./http/prelude.js";
import { RATE_LIMIT_WINDOW_SECONDS, RateLimiter, resolveRateLimits } from "./limits/index.js";
import { operatorChannel } from "./operator/channel.js";
import { projectRoutes } from "./projects/project-routes.js";
import { healthRoutes } from "./routes/health.js";
import { openApiRoutes } from "./routes/openapi.js";
import { publicPageRoutes } from "./routes/public-pages.js";
import type { RouteKit } from "./routes/route-kit.js";
import { whoamiRoutes } from "./routes/whoami.js";
import { accountUrlOf, type Services } from "./services.js";
import { selfRotationRoutes } from "./token-routes/self-rotation.js";

export interface AppDeps {
  services: Services;
  /** Enables the loopback operator channel with this secret (embedded database only). */
  operatorSecret?: string | undefined;
  /**
   * The per-key rate limits, on by default (config.rateLimits over the README's table, counted in
   * services.buckets). Off only to measure what they cost (the benchmark).
   */
  rateLimits?: boolean | undefined;
  /** More token-protected routes, given the same guard as the API's own (tests). */
  moreRoutes?: ((router: IRouter, kit: RouteKit) => void) | undefined;
}

/** The whole API, its limits included, without listening: the server, tests and benchmarks start it. */
export function createApp(deps: AppDeps): Express {
  const { services } = deps;
  const { config } = services;
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  // Only a configured proxy (TLS terminator) may tell the client's protocol and address.
  app.set("trust proxy", services.config.trustProxy ?? false);

  app.use(
    prelude({
      accessLogger: services.accessLogger,
      corsOrigins: config.corsOrigins,
      bodyLimitBytes: config.bodyLimitBytes,
    }),
  );

  const rateLimiter =
    deps.rateLimits === false
      ? undefined
      : new RateLimiter(
          services.buckets,
          resolveRateLimits(config.rateLimits),
          config.rateLimitWindowSeconds ?? RATE_LIMIT_WINDOW_SECONDS,
        );
  const accountUrl = accountUrlOf(config);
  const protect: RouteKit["protect"] = (endpointClass, scope) => [
    guard(endpointClass, { authenticator: services.authenticator, rateLimiter, scope, accountUrl }),
  ];
  // Every documented route is declared through the catalogue: /openapi.json is built from it.
  const catalogue = new ApiCatalogue();
  // The token-protected routes sit on the app's own router, not in routers of their own: a
  // mounted router is one more dispatch on every request.
  const routes = routeMounter(app, catalogue, (access) =>
    access.kind === "token" ? protect(access.endpointClass, access.scope) : undefined,
  );
  const kit: RouteKit = { services, routes, protect };
  whoamiRoutes(kit);
  projectRoutes(kit);
  selfRotationRoutes(kit);
  deps.moreRoutes?.(app, kit);
  // After the /v1 routes: every router passed costs the hot path a little.
  const service = Router();
  const publicRoutes = routeMounter(service, catalogue, (access) => (access.kind === "public" ? [] : undefined));
  healthRoutes(publicRoutes, services);
  openApiRoutes(publicRoutes, catalogue, config.publicUrl);
  app.use(service);
  // The landing page (GET /) and the API reference (/docs) that renders the document above.
  app.use(publicPageRoutes());
  if (deps.operatorSecret) app.use(operatorChannel(services, deps.operatorSecret));
  // The account page and the signed-in user's personal-token routes.
  app.use(accountRoutes(services, catalogue));

  app.use(notFoundHandler);
  app.use(errorHandler(services.logger, accountUrl));
  return app;
}
