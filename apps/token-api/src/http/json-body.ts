import type { RequestHandler } from "express";
import { DomainError } from "../errors/domain-error.js";

/**
 * A body that is not JSON must not be read as an empty object: `{}` is a valid rotate request, so
 * a text/plain body would otherwise rotate with defaults.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding") !== undefined;
  if (hasBody && !req.is("application/json")) {
    return next(
      new DomainError("VALIDATION_FAILED", "the request body must be JSON (Content-Type: application/json)", {
        issues: [{ path: "body", message: "not JSON" }],
      }),
    );
  }
  next();
};
