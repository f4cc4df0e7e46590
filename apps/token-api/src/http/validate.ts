import type { RequestHandler } from "express";
import type { z } from "zod";
import { issuesOf, validationFailed } from "../errors/domain-error.js";

interface Schemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Request headers, by their lower-case names (a plain object: other headers pass). */
  headers?: z.ZodType;
}

/**
 * Validates the parts of a request against zod schemas from @layer/contracts and keeps the
 * results in res.locals.{body,query,params,headers} (Express 5 makes req.query a getter).
 */
export function validate(schemas: Schemas): RequestHandler {
  return (req, res, next) => {
    const issues = [];
    for (const part of ["params", "headers", "query", "body"] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const input = part === "body" ? (req.body ?? {}) : req[part];
      const result = schema.safeParse(input);
      if (result.success) res.locals[part] = result.data;
      else issues.push(...issuesOf(result.error, part));
    }
    if (issues.length > 0) return next(validationFailed(issues));
    next();
  };
}
