import { Router } from "express";
import type { Services } from "../services.js";
import { holderRoutes } from "./holder-routes.js";
import { LoginThrottle } from "./login-throttle.js";
import { pageRoutes } from "./page-routes.js";
import { SessionService } from "./session-service.js";
import { sessionRoutes } from "./session-routes.js";
import { tokenRoutes } from "../token-routes/personal-tokens.js";

/**
 * The account page (`/account/api`) and the signed-in user's personal-token routes (issue 5),
 * mounted by the app factory. Sessions, not tokens: see session-guard.ts.
 */
export function accountRoutes(services: Services): Router {
  const sessions = new SessionService(services.db, { clock: services.clock });
  const now = () => services.clock().getTime();
  // An address may sign several people in (an office NAT): it gets more failures than one email.
  const throttles = {
    email: new LoginThrottle({ maxFailures: 10, windowMs: 15 * 60_000, now }),
    address: new LoginThrottle({ maxFailures: 100, windowMs: 15 * 60_000, now }),
  };
  // The configured public URL is this site too (behind a proxy, Host may differ from it).
  const trustedOrigins = [new URL(services.config.publicUrl).origin];
  const router = Router();
  router.use(pageRoutes());
  router.use(sessionRoutes({ sessions, throttles, trustedOrigins }));
  router.use(tokenRoutes({ sessions, tokens: services.tokens, usage: services.usage, trustedOrigins }));
  router.use(holderRoutes({ sessions, tokens: services.tokens, usage: services.usage }));
  return router;
}
