import type { EndpointClass } from "@layer/contracts";
import type { Request, Response } from "express";
import type { Authenticator, PresentedToken } from "../auth/authenticator.js";
import type { ProvenToken } from "../auth/verification-cache.js";
import { queueHeader } from "./header-block.js";

const trustsProxy = (req: Request): boolean => req.app.enabled("trust proxy");

const BEARER = /^Bearer[ \t]+(.*)$/i;

/**
 * X-Token-Expires-At by proof, for every route's guard: a proof never changes in place (the cache
 * replaces it), so its expiry is formatted once.
 */
const expiryHeaders = new WeakMap<ProvenToken, string>();

/**
 * CONTRACT.md "Sending a token": X-Api-Key wins when both are sent; Authorization must be
 * `Bearer <token>`. Tokens in the query string are never read.
 */
export function presentedToken(headers: {
  "x-api-key"?: string | string[] | undefined;
  authorization?: string | undefined;
}): PresentedToken {
  const apiKey = headers["x-api-key"];
  if (apiKey !== undefined) return { value: Array.isArray(apiKey) ? "" : apiKey.trim() };
  const authorization = headers.authorization;
  if (authorization === undefined) return { value: undefined };
  const match = BEARER.exec(authorization.trim());
  return match ? { value: match[1]!.trim() } : { value: "", badScheme: true };
}

/**
 * Puts the proven token in res.locals.auth and announces its expiry (X-Token-Expires-At). Throws
 * the refusal (ApiError); a cached proof is admitted at once, with no promise on the hot path, and
 * a new verification returns the promise of its admission.
 */
export function tokenAdmission(authenticator: Authenticator): (req: Request, res: Response) => void | Promise<void> {
  const admitted = (res: Response, proven: ProvenToken): void => {
    res.locals["auth"] = proven;
    const expiresAt = proven.token.expiresAt;
    if (!expiresAt) return;
    let header = expiryHeaders.get(proven);
    if (header === undefined) expiryHeaders.set(proven, (header = expiresAt.toISOString()));
    queueHeader(res, "X-Token-Expires-At", header);
  };
  return (req, res) => {
    const presented = presentedToken(req.headers);
    // The socket's address: a forwarded-for header is the stranger's to forge, unless it comes
    // from the proxy TRUST_PROXY names (then all clients would share the proxy's address).
    presented.clientAddress = trustsProxy(req) ? req.ip : req.socket.remoteAddress;
    presented.endpointClass = res.locals["endpointClass"] as EndpointClass | undefined;
    const proven = authenticator.authenticate(presented);
    if (proven instanceof Promise) return proven.then((p) => admitted(res, p));
    admitted(res, proven);
  };
}
