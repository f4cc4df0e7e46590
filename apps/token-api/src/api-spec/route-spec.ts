import type { EndpointClass, ErrorCode } from "@layer/contracts";
import type { Response } from "express";
import type { z } from "zod";
import type { Scope } from "../auth/scopes.js";
import type { TagName } from "./tags.js";

export type HttpMethod = "get" | "post" | "patch" | "delete";

/**
 * Who may call a route. It picks the guard that stands before the handler, and so the refusals
 * (401, 403, 429, 503) and the headers (rate limits, token expiry) the route can answer with.
 */
export type RouteAccess =
  /** Anyone: health and the reference. */
  | { kind: "public" }
  /** An API token (X-Api-Key or Bearer), rate-limited by its endpoint class, then its scope. */
  | { kind: "token"; endpointClass: EndpointClass; scope?: Scope | undefined }
  /** The account page's signed-in session; a mutation also checks the Origin and the CSRF token. */
  | { kind: "session"; mutation: boolean }
  /** Signing in: no session yet, API tokens refused, Origin checked, failures throttled. */
  | { kind: "sign-in" };

/** The parts of a request a route validates, as zod schemas from @layer/contracts. */
export interface RouteRequest {
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Request headers the route reads (documented as header parameters, validated like the rest). */
  headers?: z.ZodObject;
}

/** A refusal this route answers beyond those its access and its request imply. */
export interface RouteError {
  /** Never INTERNAL: a bug is not part of the contract. */
  code: Exclude<ErrorCode, "INTERNAL">;
  /** When it happens, for the reader of the reference. */
  when: string;
  /** An example of the envelope's message and details. */
  example?: { message: string; details?: Record<string, unknown> };
}

/** A response header of one route's success (the headers every route sends are added for it). */
export interface SuccessHeader {
  description: string;
  required: boolean;
  schema: { type: "string"; pattern?: string; format?: string; const?: string };
}

export interface RouteSuccess {
  status: 200 | 201 | 204;
  description: string;
  /** The body; none for 204. */
  body?: z.ZodType;
  example?: unknown;
  headers?: Record<string, SuccessHeader>;
}

/**
 * One route, declared once: the Express registration (guard, body and input validation) and its
 * operation in /openapi.json both come from this.
 */
export interface RouteSpec<R extends RouteRequest = RouteRequest> {
  method: HttpMethod;
  /** In OpenAPI's form, `/v1/projects/{projectId}`; Express gets `/v1/projects/:projectId`. */
  path: string;
  operationId: string;
  tag: TagName;
  summary: string;
  description: string;
  access: RouteAccess;
  request?: R;
  /** Whether the body may be left out (then the route reads `{}`). */
  bodyOptional?: boolean;
  requestExample?: unknown;
  /** Responses that hold a secret or a CSRF token say `Cache-Control: no-store`, refusals included. */
  noStore?: boolean;
  success: RouteSuccess;
  errors?: RouteError[];
}

/** Declares a route; the `const` keeps the request's schemas typed for `inputOf`. */
export function defineRoute<const R extends RouteRequest>(spec: RouteSpec<R>): RouteSpec<R> {
  return spec;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What the route's validation kept (http/validate.ts puts it in res.locals), typed by its schemas. */
export function inputOf<R extends RouteRequest>(
  _spec: RouteSpec<R>,
  res: Response,
): { params: Out<R["params"]>; query: Out<R["query"]>; body: Out<R["body"]>; headers: Out<R["headers"]> } {
  const locals = res.locals;
  return { params: locals["params"], query: locals["query"], body: locals["body"], headers: locals["headers"] };
}

/** `{name}` to `:name`. */
export const expressPath = (path: string): string => path.replace(/\{([A-Za-z0-9_]+)\}/g, ":$1");
