import type { Request, Response } from "express";
import type { Logger } from "pino";

/** The fields of one access-log line, after the request is answered. */
export interface AccessRecord {
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  keyId?: string | undefined;
  errorCode?: string | undefined;
}

/** What the line says of an answered request: ids, method, path, status, timing, outcome. */
export function accessRecord(res: Response): AccessRecord {
  const locals = res.locals;
  const auth = locals["auth"] as { token: { keyId: string } } | undefined;
  return {
    requestId: locals["requestId"] as string,
    method: res.req.method,
    path: res.req.path,
    status: res.statusCode,
    durationMs: performance.now() - (locals["startedAt"] as number),
    keyId: auth?.token.keyId,
    errorCode: locals["errorCode"] as string | undefined,
  };
}

/**
 * One line per request with its id, written by pino (`logger.info(record, "request")`) once the
 * response is finished. Only the path is logged, never the query string, headers or body: tokens
 * are refused in URLs, but a client may still put one there by mistake (the logger scrubs every
 * line of token shapes, see logger.ts).
 */
export function accessLog(logger: Logger): (req: Request, res: Response) => void {
  // One listener shared by every response (it reads the response it is called on), so a request
  // costs no closure: the access log is on every request's path.
  function logFinished(this: Response): void {
    if (logger.isLevelEnabled("info")) logger.info(accessRecord(this), "request");
  }
  return (_req, res) => {
    // A float clock: no BigInt per request.
    res.locals["startedAt"] = performance.now();
    res.on("finish", logFinished);
  };
}
