import { ServerResponse } from "node:http";
import type { Express, Response } from "express";

/**
 * The header fields every API response carries (request id, Vary, rate limits, token expiry) are
 * queued in a flat list and written with the status line by one `writeHead`, instead of one
 * `setHeader` each: on this machine a bare express route answering whoami's dozen fields did 13%
 * more requests a second that way (a loop of 1 s rounds, setHeader against writeHead's array).
 */
const QUEUED = Symbol("queued header fields");

type Queuing = Response & { [QUEUED]?: string[] | undefined };

const nodeWriteHead = ServerResponse.prototype.writeHead;

/** Adds a header field to the response's queue; a field set later with setHeader wins over it. */
export function queueHeader(res: Response, name: string, value: string): void {
  const r = res as Queuing;
  const queued = r[QUEUED];
  if (queued === undefined) r[QUEUED] = [name, value];
  else queued.push(name, value);
}

/**
 * Ends a response whose fields were all queued: status line and fields in one writeHead, then the
 * body. Node validates every field as setHeader would. Node drops the body itself for HEAD.
 */
export function endWithQueuedHeaders(res: Response, status: number, fields: readonly string[], body: string): void {
  const r = res as Queuing;
  const queued = r[QUEUED] ?? [];
  r[QUEUED] = undefined;
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
  app.response.writeHead = function writeHead(this: Queuing, ...args: unknown[]) {
    const queued = this[QUEUED];
    if (queued !== undefined) {
      this[QUEUED] = undefined;
      for (let i = 0; i < queued.length; i += 2) if (!this.hasHeader(queued[i]!)) this.setHeader(queued[i]!, queued[i + 1]!);
    }
    return (nodeWriteHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as Express["response"]["writeHead"];
}
