import cors from "cors";
import type { RequestHandler } from "express";

/**
 * docs/contract.md "Headers": the allowed origins are configuration; every response, errors included,
 * carries Access-Control-Allow-Origin for an allowed origin and exposes the contract's headers,
 * or the Excel add-in sees a 401/429/503 as an opaque TypeError (docs/hosts.md). Requests without
 * an Origin never reach it (see prelude.ts).
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ["GET", "POST", "PATCH", "DELETE"],
    // Layer-Organization: a connector in several organizations picks the one it works in.
    allowedHeaders: [
      "X-Api-Key",
      "Authorization",
      "Content-Type",
      "Idempotency-Key",
      "X-Request-Id",
      "Layer-Organization",
    ],
    exposedHeaders: [
      "Retry-After",
      "X-Request-Id",
      "X-RateLimit-Limit",
      "X-RateLimit-Remaining",
      "X-RateLimit-Reset",
      "X-RateLimit-Endpoint-Class",
      "X-RateLimit-Tier",
      "X-Token-Expires-At",
      // The IETF fields sent beside X-RateLimit-*.
      "RateLimit",
      "RateLimit-Policy",
      // A rows page's next page, which a reader may ask for before reading this page's rows.
      "Link",
    ],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}
