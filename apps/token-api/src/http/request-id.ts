import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/** CONTRACT.md "Headers": echo a sane incoming X-Request-Id, else generate `req_…`. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get("x-request-id");
  const id = incoming && SANE.test(incoming) ? incoming : `req_${randomBytes(12).toString("base64url")}`;
  res.locals["requestId"] = id;
  res.setHeader("X-Request-Id", id);
  next();
};
