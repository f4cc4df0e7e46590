import { randomBytes } from "node:crypto";
import type { Request, Response } from "express";

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;
// Unique, not secret: a random per-process prefix and a counter cost nothing per request.
const PREFIX = `req_${randomBytes(6).toString("base64url")}`;
let counter = 0;

/** CONTRACT.md "Headers": echo a sane incoming X-Request-Id, else generate `req_…`. */
export function setRequestId(req: Request, res: Response): void {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && SANE.test(incoming) ? incoming : PREFIX + (counter++).toString(36);
  res.locals["requestId"] = id;
  res.setHeader("X-Request-Id", id);
}
