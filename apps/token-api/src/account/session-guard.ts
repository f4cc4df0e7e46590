import { CSRF_HEADER } from "@layer/contracts";
import type { Request, RequestHandler, Response } from "express";
import { DomainError } from "../errors/domain-error.js";
import { readSessionCookie } from "./session-cookie.js";
import type { ActiveSession, SessionService } from "./session-service.js";

export const sessionOf = (res: Response): ActiveSession => res.locals["session"] as ActiveSession;

/**
 * Personal-token routes take a session of the signed-in user and nothing else (a token
 * cannot mint tokens). A request that presents an API token is refused even with a cookie, so a
 * script cannot mix the two by mistake.
 */
export const refuseApiTokens: RequestHandler = (req, _res, next) => {
  if (req.headers["x-api-key"] !== undefined || req.headers.authorization !== undefined) {
    return next(
      new DomainError(
        "UNAUTHENTICATED",
        "personal tokens are managed from the account page with a signed-in session, not with an API token",
        { reason: "missing" },
      ),
    );
  }
  next();
};

export function requireSession(sessions: SessionService): RequestHandler {
  return async (req, res, next) => {
    const session = await sessions.resolve(readSessionCookie(req));
    if (!session)
      return next(new DomainError("UNAUTHENTICATED", "sign in on the account page first", { reason: "missing" }));
    res.locals["session"] = session;
    next();
  };
}

/**
 * Browser-safety checks for every mutation: the Origin (or Sec-Fetch-Site) must be this site, so
 * a foreign page cannot even attempt one, and a session's mutations must carry its CSRF token in
 * X-CSRF-Token (synchronizer pattern: the secret lives server-side with the session).
 */
export function requireSameOrigin(trustedOrigins: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (!fromThisSite(req, trustedOrigins)) {
      return next(new DomainError("FORBIDDEN", "this request came from another site", { reason: "origin" }));
    }
    next();
  };
}

export function requireCsrf(sessions: SessionService): RequestHandler {
  return (req, res, next) => {
    if (!sessions.csrfMatches(sessionOf(res), req.get(CSRF_HEADER))) {
      return next(
        new DomainError("FORBIDDEN", "the CSRF token is missing or wrong: reload the account page", { reason: "csrf" }),
      );
    }
    next();
  };
}

function fromThisSite(req: Request, trustedOrigins: readonly string[]): boolean {
  const origin = req.get("origin");
  if (origin !== undefined) {
    const own = `${req.protocol}://${req.get("host") ?? ""}`;
    return origin === own || trustedOrigins.includes(origin);
  }
  // No Origin: old browsers and non-browser clients. Browsers that send Sec-Fetch-Site tell us.
  const site = req.get("sec-fetch-site");
  return site === undefined || site === "same-origin" || site === "none";
}
