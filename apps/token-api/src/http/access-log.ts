import type { RequestHandler } from "express";
import type { Logger } from "pino";

/**
 * One line per request with its id. Only the path is logged, never the query string, headers or
 * body: tokens are refused in URLs, but a client may still put one there by mistake.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const auth = res.locals["auth"] as { token: { keyId: string } } | undefined;
      logger.info(
        {
          requestId: res.locals["requestId"],
          method: req.method,
          path: req.path,
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          keyId: auth?.token.keyId,
          errorCode: res.locals["errorCode"],
        },
        "request",
      );
    });
    next();
  };
}
