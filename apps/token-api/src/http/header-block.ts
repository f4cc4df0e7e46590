import { ServerResponse } from "node:http";
import type { Express, Response } from "express";

/**
 * The header fields every API response carries (request id, Vary, rate limits, token expiry) are
 * queued in a flat list and written with the status line by one `writeHead`, instead of one
 * `setHeader` each: on this machine a bare express route answering whoami's dozen fields did 13%
 * more requests a second that way (a loop of 1 s rounds, setHeader against writeHead's array).
 */
const QUEUED = Symbol("queued header fields");

/**
 * The queue lives in res.locals, not on the response itself: adding a property to Node's response
 * object on every request cost 3 µs of a cached whoami (CPU profile of the benchmark), a store in
 * the locals dictionary next to nothing.
 */
type Locals = Record<symbol, string[] | undefined>;
const localsOf = (res: Response): Locals => res.locals as Locals;

const nodeWriteHead = ServerResponse.prototype.writeHead;

/**
 * The response's queue of header fields, flat (name, value, name, value…), for a caller that adds
 * several at once with one push. A field set later with setHeader wins over a queued one.
 */
export function queuedFields(res: Response): string[] {
  return (localsOf(res)[QUEUED] ??= []);
}

/** Adds one header field to the response's queue (see queuedFields). */
export function queueHeader(res: Response, name: string, value: string): void {
  queuedFields(res).push(name, value);
}

/**
 * Ends a response whose fields were all queued: status line and fields in one writeHead, then the
 * body. Node validates every field as setHeader would. Node drops the body itself for HEAD.
 */
export function endWithQueuedHeaders(res: Response, status: number, fields: readonly string[], body: string): void {
  const locals = localsOf(res);
  const queued = locals[QUEUED] ?? [];
  locals[QUEUED] = undefined;
  for (const field of fields) queued.push(field);
  nodeWriteHead.call(res, status, queued);
  res.end(body);
}

/**
 * Every other response (res.json, errors, CORS preflights, static files) gets its queued fields
 * through setHeader just before its status line, unless the same field was set since: installed
 * on the app's response prototype, which Node's implicit writeHead goes through too.
 */
export function writeQueuedHeaders(app: Express): void {
  app.response.writeHead = function writeHead(this: Response, ...args: unknown[]) {
    // Express gives every response its locals before any middleware runs.
    const locals = this.locals as Locals | undefined;
    const queued = locals?.[QUEUED];
    if (queued !== undefined) {
      locals![QUEUED] = undefined;
      for (let i = 0; i < queued.length; i += 2)
        if (!this.hasHeader(queued[i]!)) this.setHeader(queued[i]!, queued[i + 1]!);
    }
    return (nodeWriteHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as Express["response"]["writeHead"];
}
