import { Router } from "express";
import type { Services } from "../services.js";
import { holderRoutes } from "./holder-routes.js";
import { LoginThrottle } from "./login-throttle.js";
import { pageRoutes } from "./page-routes.js";
import { SessionService } from "./session-service.js";
import { sessionRoutes } from "./session-routes.js";
import { tokenRoutes } from "./token-routes.js";

export interface AccountOptions {
  /** Failed sign-ins allowed per email and per client address in the window. */
  loginThrottle?: { perEmail?: number; perAddress?: number; windowMs?: number };
}

/**
 * The account page (`/account/api`) and the signed-in user's personal-token routes (issue 5),
 * mounted by the app factory. Sessions, not tokens: see session-guard.ts.
 */
export function accountRoutes(services: Services, options: AccountOptions = {}): Router {
  const sessions = new SessionService(services.db, { clock: services.clock });
  const { perEmail = 10, perAddress = 100, windowMs = 15 * 60_000 } = options.loginThrottle ?? {};
  const now = () => services.clock().getTime();
  const throttles = {
    email: new LoginThrottle({ maxFailures: perEmail, windowMs, now }),
    address: new LoginThrottle({ maxFailures: perAddress, windowMs, now }),
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
