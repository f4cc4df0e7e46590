import type { EndpointClass } from "@layer/contracts";
import type { Request, Response } from "express";
import type { Authenticator, PresentedToken } from "../auth/authenticator.js";
import type { ProvenToken } from "../auth/verification-cache.js";

const trustsProxy = (req: Request): boolean => req.app.enabled("trust proxy");

const BEARER = /^Bearer[ \t]+(.*)$/i;

/**
 * docs/contract.md "Sending a token": X-Api-Key wins when both are sent; Authorization must be
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
 * The request's token, proven: kept in res.locals.auth for the route, its expiry announced as
 * X-Token-Expires-At. Rejects with the refusal (a DomainError).
 */
export async function authenticateRequest(
  authenticator: Authenticator,
  endpointClass: EndpointClass,
  req: Request,
  res: Response,
): Promise<ProvenToken> {
  const presented = presentedToken(req.headers);
  // The socket's address: a forwarded-for header is the stranger's to forge, unless it comes
  // from the proxy TRUST_PROXY names (then all clients would share the proxy's address).
  presented.clientAddress = trustsProxy(req) ? req.ip : req.socket.remoteAddress;
  presented.endpointClass = endpointClass;
  const proven = await authenticator.authenticate(presented);
  res.locals["auth"] = proven;
  const expiresAt = proven.token.expiresAt;
  if (expiresAt) res.setHeader("X-Token-Expires-At", expiresAt.toISOString());
  return proven;
}
