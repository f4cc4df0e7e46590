import { randomBytes } from "node:crypto";
import type { Request, Response } from "express";

/** What a caller's id may look like: short, printable, no spaces. */
const SANE = /^[A-Za-z0-9_.:-]{1,128}$/;
/**
 * Never echoed even if sane: anything shaped like a token or a secret (a token prefix, or a run of
 * 40 or more base64url characters: a secret is 43, a legacy token 64 hex). Echoing one would copy
 * it into our logs, the client's and every error body.
 */
const SECRET_LIKE = /lp_(?:live|test)_|layer_[0-9a-f]|[A-Za-z0-9_-]{40}/i;
// Unique, not secret: a random per-process prefix and a counter cost nothing per request.
const PREFIX = `req_${randomBytes(6).toString("base64url")}`;
let counter = 0;

/** A new id of this process: `req_…`. */
export const generateRequestId = (): string => PREFIX + (counter++).toString(36);

/** Whether an incoming X-Request-Id may be used and echoed. */
export const isSaneRequestId = (value: string): boolean => SANE.test(value) && !SECRET_LIKE.test(value);

/** docs/contract.md "Headers": echo a sane incoming X-Request-Id, else generate `req_…`. */
export function setRequestId(req: Request, res: Response): void {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && isSaneRequestId(incoming) ? incoming : generateRequestId();
  res.locals["requestId"] = id;
  res.setHeader("X-Request-Id", id);
}
