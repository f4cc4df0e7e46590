import { Router } from "express";
import { SignInRequest } from "@layer/contracts";
import { DomainError } from "../errors/domain-error.js";
import { requireJsonBody } from "../http/json-body.js";
import { validate } from "../http/validate.js";
import { type LoginThrottle, reserveAttempt } from "./login-throttle.js";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "./session-cookie.js";
import { refuseApiTokens, requireCsrf, requireSameOrigin, requireSession, sessionOf } from "./session-guard.js";
import type { SessionService } from "./session-service.js";

export interface SessionRouteDeps {
  sessions: SessionService;
  /** Failed sign-ins per email (a guessed password) and per client address (a spray over emails). */
  throttles: { email: LoginThrottle; address: LoginThrottle };
  trustedOrigins: readonly string[];
}

/** POST/GET/DELETE /v1/session: sign in, who is signed in (with the CSRF token), sign out. */
export function sessionRoutes({ sessions, throttles, trustedOrigins }: SessionRouteDeps): Router {
  const router = Router();
  router.use("/v1/session", refuseApiTokens, (_req, res, next) => {
    // Session bodies carry the CSRF token: never cached.
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  // Sign-in is a mutation too: the Origin check stops a foreign page signing a browser into our account (login CSRF).
  router.post(
    "/v1/session",
    requireSameOrigin(trustedOrigins),
    requireJsonBody,
    validate({ body: SignInRequest }),
    async (req, res) => {
      const { email, password } = res.locals["body"] as SignInRequest;
      const emailKey = email.toLowerCase();
      // The client's address: the socket's, or the one the trusted proxy forwarded (TRUST_PROXY).
      const addressKey = req.ip ?? "unknown";
      // Reserved before bcrypt: concurrent guesses each take an attempt before any is judged.
      const waitMs = reserveAttempt([
        [throttles.email, emailKey],
        [throttles.address, addressKey],
      ]);
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new DomainError(
          "RATE_LIMITED",
          "too many failed sign-ins: wait before trying again",
          { endpointClass: "write-light", retryAfterMs: waitMs },
          { retryAfterSeconds: seconds },
        );
      }
      let signedIn: Awaited<ReturnType<SessionService["signIn"]>>;
      try {
        signedIn = await sessions.signIn(email, password);
      } catch (error) {
        // Never judged (the database failed): the attempt is not the client's failure.
        throttles.email.release(emailKey);
        throttles.address.release(addressKey);
        throw error;
      }
      if (!signedIn) throw new DomainError("UNAUTHENTICATED", "the email or password is wrong", { reason: "invalid" });
      // The email's attempts are forgotten; the address keeps the others' (one right guess must
      // not reset a spray from the same address), less this one.
      throttles.email.forget(emailKey);
      throttles.address.release(addressKey);
      // Signing in again replaces the browser's session rather than leaving the old one alive.
      const previous = await sessions.resolve(readSessionCookie(req));
      if (previous) await sessions.signOut(previous);
      setSessionCookie(req, res, signedIn.sessionId, signedIn.session.expiresAt);
      res.status(201).json(await sessions.describe(signedIn.session));
    },
  );

  router.get("/v1/session", requireSession(sessions), async (_req, res) => {
    res.json(await sessions.describe(sessionOf(res)));
  });

  router.delete(
    "/v1/session",
    requireSameOrigin(trustedOrigins),
    requireSession(sessions),
    requireCsrf(sessions),
    async (req, res) => {
      await sessions.signOut(sessionOf(res));
      clearSessionCookie(req, res);
      res.status(204).end();
    },
  );
  return router;
}
