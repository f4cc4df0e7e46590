import express, { type RequestHandler } from "express";
import type { Logger } from "pino";
import { accessLog } from "./access-log.js";
import { corsPolicy } from "./cors.js";
import { setRequestId } from "./request-id.js";

export interface PreludeOptions {
  accessLogger: Logger;
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
}

/**
 * What every request goes through before routing, as one Express layer: its request id, its
 * access-log line, CORS, and the JSON body of a write. Each layer Express walks costs the hot
 * path (the whoami benchmark: a cached whoami is mostly framework and HTTP work).
 */
export function prelude(options: PreludeOptions): RequestHandler {
  const logRequest = accessLog(options.accessLogger);
  const cors = corsPolicy(options.corsOrigins);
  const json = express.json({ limit: options.bodyLimitBytes, strict: true });
  // Reads carry no body: the parser's content checks are skipped on GET and HEAD.
  const readBody: RequestHandler = (req, res, next) =>
    req.method === "GET" || req.method === "HEAD" ? next() : json(req, res, next);
  return (req, res, next) => {
    setRequestId(req, res);
    logRequest(req, res);
    // Server-to-server callers (Power BI, Apps Script) send no Origin: nothing to allow, so the
    // policy is skipped; the answer still varies by Origin for caches.
    if (req.headers.origin === undefined) {
      res.setHeader("Vary", "Origin");
      return readBody(req, res, next);
    }
    cors(req, res, (error?: unknown) => (error ? next(error) : readBody(req, res, next)));
  };
}
