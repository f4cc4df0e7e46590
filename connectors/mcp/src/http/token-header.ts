import type { IncomingHttpHeaders } from "node:http";
import { readToken, type ServerSettings, TOKEN_FROM_HEADER, type TokenSetting } from "../settings.js";

/**
 * The Layer token a remote client sends with each request, as the API itself takes it
 * (docs/contract.md "Sending a token"): `X-Api-Key`, else `Authorization: Bearer`. Never a URL
 * parameter, never MCP elicitation (the spec forbids asking for secrets that way).
 */
export function tokenFromHeaders(headers: IncomingHttpHeaders, settings: ServerSettings): TokenSetting {
  const apiKey = single(headers["x-api-key"]);
  if (apiKey !== undefined && apiKey.trim() !== "") return readToken(apiKey, TOKEN_FROM_HEADER, settings);
  const authorization = single(headers.authorization);
  const bearer = authorization ? /^\s*bearer\s+(.*)$/is.exec(authorization) : null;
  if (authorization && !bearer) {
    return {
      ok: false,
      problem:
        'The Authorization header must be "Bearer <your Layer token>" (or send the token as "X-Api-Key: <token>").',
    };
  }
  return readToken(bearer?.[1], TOKEN_FROM_HEADER, settings);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
