import { Router } from "express";
import type { Services } from "../services.js";
import { holderRoutes } from "./holder-routes.js";
import { LoginThrottle, type LoginThrottleOptions } from "./login-throttle.js";
import { pageRoutes } from "./page-routes.js";
import { SessionService } from "./session-service.js";
import { sessionRoutes } from "./session-routes.js";
import { tokenRoutes } from "./token-routes.js";

export interface AccountOptions {
  loginThrottle?: LoginThrottleOptions;
}

/**
 * The account page (`/account/api`) and the signed-in user's personal-token routes (issue 5),
 * mounted by the app factory. Sessions, not tokens: see session-guard.ts.
 */
export function accountRoutes(services: Services, options: AccountOptions = {}): Router {
  const sessions = new SessionService(services.db, { clock: services.clock });
  const throttle = new LoginThrottle({ ...options.loginThrottle, now: () => services.clock().getTime() });
  // The configured public URL is this site too (behind a proxy, Host may differ from it).
  const trustedOrigins = [new URL(services.config.publicUrl).origin];
  const router = Router();
  router.use(pageRoutes());
  router.use(sessionRoutes({ sessions, throttle, trustedOrigins }));
  router.use(tokenRoutes({ sessions, tokens: services.tokens, trustedOrigins }));
  router.use(holderRoutes({ sessions, tokens: services.tokens }));
  return router;
}
