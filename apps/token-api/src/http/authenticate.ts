import type { EndpointClass } from "@layer/contracts";
import type { NextFunction, RequestHandler, Response } from "express";
import type { Authenticator, PresentedToken } from "../auth/authenticator.js";
import type { ProvenToken } from "../auth/verification-cache.js";

const BEARER = /^Bearer[ \t]+(.*)$/i;

/**
 * CONTRACT.md "Sending a token": X-Api-Key wins when both are sent; Authorization must be
 * `Bearer <token>`. Tokens in the query string are never read.
 */
export function presentedToken(headers: { "x-api-key"?: string | string[] | undefined; authorization?: string | undefined }): PresentedToken {
  const apiKey = headers["x-api-key"];
  if (apiKey !== undefined) return { value: Array.isArray(apiKey) ? "" : apiKey.trim() };
  const authorization = headers.authorization;
  if (authorization === undefined) return { value: undefined };
  const match = BEARER.exec(authorization.trim());
  return match ? { value: match[1]!.trim() } : { value: "", badScheme: true };
}

/** Puts the proven token in res.locals.auth and announces its expiry (X-Token-Expires-At). */
export function authenticate(authenticator: Authenticator): RequestHandler {
  const admitted = (res: Response, proven: ProvenToken, next: NextFunction): void => {
    res.locals["auth"] = proven;
    if (proven.token.expiresAt) res.setHeader("X-Token-Expires-At", proven.token.expiresAt.toISOString());
    next();
  };
  // Refusals are thrown, synchronously or as a rejection; both reach Express's error handler.
  return (req, res, next) => {
    const presented = presentedToken(req.headers);
    // The socket's address: a forwarded-for header is the stranger's to forge (issue 4 buckets).
    presented.clientAddress = req.socket.remoteAddress;
    presented.endpointClass = res.locals["endpointClass"] as EndpointClass | undefined;
    const proven = authenticator.authenticate(presented);
    // A cached proof comes back at once: no promise hop on the hot path.
    if (proven instanceof Promise) return proven.then((p) => admitted(res, p, next));
    admitted(res, proven, next);
  };
}
