import type { IncomingMessage } from "node:http";
import { ODataError } from "../odata/errors.js";
import { BASIC_CHALLENGE } from "./upstream-errors.js";

/** Query parameters that carry a key in tools that cannot send headers ("Web API" credentials). */
export const QUERY_TOKEN_PARAMETERS = ["api_key", "apikey", "key", "token", "access_token"];

const TOKEN_SHAPE = /(lp_(live|test)_[0-9A-Za-z]{16}_|layer_[0-9a-f]{16})/;

/**
 * The token of a request: `X-Api-Key`, else the Basic password (the user name is ignored: Power
 * BI's OData feed asks for both), else a Bearer token. A token in the query string is refused
 * unless the operator allowed it: URLs end up in logs, browser history and gateway traces.
 */
export function requestToken(req: IncomingMessage, url: URL, allowQueryToken: boolean): string {
  const queryToken = findQueryToken(url);
  if (queryToken !== null && !allowQueryToken) {
    throw new ODataError(
      400,
      "TOKEN_IN_URL",
      "A Layer token was sent in the URL, where it would be logged. Send it as the Basic password (any user name) or in the X-Api-Key header, and rotate this token: it may already be in a log.",
    );
  }
  const apiKey = header(req, "x-api-key");
  if (apiKey) return apiKey;
  const authorization = header(req, "authorization");
  if (authorization) {
    const [scheme, value = ""] = authorization.split(/\s+/, 2);
    if (scheme?.toLowerCase() === "basic") {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const password = colon === -1 ? "" : decoded.slice(colon + 1).trim();
      if (password) return password;
    } else if (scheme?.toLowerCase() === "bearer" && value.trim()) {
      return value.trim();
    }
  }
  if (queryToken !== null) return queryToken;
  throw new ODataError(
    401,
    "UNAUTHENTICATED",
    "Sign in with your Layer token: Basic authentication with any user name and the token as the password, or the X-Api-Key header.",
    { headers: { "WWW-Authenticate": BASIC_CHALLENGE } },
  );
}

function findQueryToken(url: URL): string | null {
  for (const name of QUERY_TOKEN_PARAMETERS) {
    const value = url.searchParams.get(name);
    if (value) return value.trim();
  }
  for (const [, value] of url.searchParams) if (TOKEN_SHAPE.test(value)) return value.trim();
  return null;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || null;
}

/** The URL as it may be logged or echoed: no query parameter that could hold a token. */
export function loggableUrl(url: URL): string {
  const safe = new URL(url.pathname, "http://proxy.invalid");
  for (const [name, value] of url.searchParams) {
    if (QUERY_TOKEN_PARAMETERS.includes(name.toLowerCase()) || TOKEN_SHAPE.test(value)) continue;
    safe.searchParams.append(name, value);
  }
  return safe.pathname + safe.search;
}
