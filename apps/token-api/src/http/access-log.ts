import type { RequestHandler } from "express";
import type { Logger } from "pino";

/**
 * One line per request with its id. Only the path is logged, never the query string, headers or
 * body: tokens are refused in URLs, but a client may still put one there by mistake.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    // A float clock: no BigInt per request (the access log is on every request's path).
    const started = performance.now();
    res.on("finish", () => {
      const auth = res.locals["auth"] as { token: { keyId: string } } | undefined;
      logger.info(
        {
          requestId: res.locals["requestId"],
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs: performance.now() - started,
          keyId: auth?.token.keyId,
          errorCode: res.locals["errorCode"],
        },
        "request",
      );
    });
    next();
  };
}
