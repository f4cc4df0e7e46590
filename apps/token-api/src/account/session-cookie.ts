import type { CookieOptions, Request, Response } from "express";

/**
 * Over HTTPS the cookie takes the `__Host-` prefix, which browsers accept only with Secure,
 * Path=/ and no Domain: no subdomain can plant or read it. Plain HTTP (localhost) cannot use it.
 */
export const sessionCookieName = (req: Request): string => (req.secure ? "__Host-layer_session" : "layer_session");

function cookieOptions(req: Request, expires?: Date): CookieOptions {
  return { httpOnly: true, sameSite: "strict", secure: req.secure, path: "/", ...(expires ? { expires } : {}) };
}

export function setSessionCookie(req: Request, res: Response, sessionId: string, expires: Date): void {
  res.cookie(sessionCookieName(req), sessionId, cookieOptions(req, expires));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(sessionCookieName(req), cookieOptions(req));
}

/**
 * The session id from the Cookie header. Our ids are base64url, so no decoding is needed, and a
 * value that is anything else is refused later by the session service's shape check.
 */
export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const name = sessionCookieName(req);
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
