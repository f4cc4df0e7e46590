import { Router } from "express";
import type { ApiCatalogue } from "../api-spec/catalogue.js";
import { routeMounter } from "../api-spec/mount.js";
import type { Services } from "../services.js";
import { holderRoutes } from "./holder-routes.js";
import { LoginThrottle } from "./login-throttle.js";
import { pageRoutes } from "./page-routes.js";
import { refuseApiTokens, requireCsrf, requireSameOrigin, requireSession } from "./session-guard.js";
import { SessionService } from "./session-service.js";
import { sessionRoutes } from "./session-routes.js";
import { tokenRoutes } from "../token-routes/personal-tokens.js";

/**
 * The account page (`/account/api`) and the signed-in user's personal-token routes,
 * mounted by the app factory. Sessions, not tokens: see session-guard.ts.
 */
export function accountRoutes(services: Services, catalogue: ApiCatalogue): Router {
  const sessions = new SessionService(services.db, { clock: services.clock });
  const now = () => services.clock().getTime();
  // An address may sign several people in (an office NAT): it gets more failures than one email.
  const throttles = {
    email: new LoginThrottle({ maxFailures: 10, windowMs: 15 * 60_000, now }),
    address: new LoginThrottle({ maxFailures: 100, windowMs: 15 * 60_000, now }),
  };
  // The configured public URL is this site too (behind a proxy, Host may differ from it).
  const trustedOrigins = [new URL(services.config.publicUrl).origin];
  const sameOrigin = requireSameOrigin(trustedOrigins);
  const signedIn = [refuseApiTokens, requireSession(sessions)];
  // A mutation: the Origin check stops a foreign page even attempting one; then the CSRF token.
  const mutation = [refuseApiTokens, sameOrigin, requireSession(sessions), requireCsrf(sessions)];
  const router = Router();
  router.use(pageRoutes());
  const routes = routeMounter(router, catalogue, (access) => {
    if (access.kind === "sign-in") return [refuseApiTokens, sameOrigin];
    if (access.kind === "session") return access.mutation ? mutation : signedIn;
    return undefined;
  });
  sessionRoutes(routes, { sessions, throttles });
  tokenRoutes(routes, { tokens: services.tokens, usage: services.usage });
  holderRoutes(routes, { sessions, tokens: services.tokens, usage: services.usage });
  return router;
}
