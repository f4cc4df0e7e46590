import { Router } from "express";
import { z } from "zod";
import * as c from "@layer/contracts";

type Op = {
  summary: string;
  response: z.ZodType;
  status?: number;
  request?: z.ZodType;
  query?: z.ZodObject;
  params?: string[];
  auth?: boolean;
};

const json = (schema: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });

const ERROR_RESPONSES = {
  "400": "VALIDATION_FAILED",
  "401": "UNAUTHENTICATED",
  "404": "NOT_FOUND",
  "413": "PAYLOAD_TOO_LARGE",
  "429": "RATE_LIMITED",
  "503": "KILL_SWITCH or SERVICE_UNAVAILABLE",
} as const;

const OPERATIONS: Record<string, Record<string, Op>> = {
  "/v1/whoami": { get: { summary: "The token's user, organizations and rotation advice", response: c.Whoami } },
  "/v1/projects": { get: { summary: "Projects the token's owner can see", response: c.ProjectList } },
  "/v1/projects/{projectId}": { get: { summary: "One project", response: c.Project, params: ["projectId"] } },
  "/v1/projects/{projectId}/tables": {
    get: { summary: "Tables of a project", response: c.TableList, params: ["projectId"] },
  },
  "/v1/projects/{projectId}/tables/{tableId}": {
    get: { summary: "A table's column schema", response: c.TableSchema, params: ["projectId", "tableId"] },
  },
  "/v1/projects/{projectId}/tables/{tableId}/rows": {
    get: {
      summary: "A page of rows: in primary-key order, or filtered, sorted and counted by the API",
      response: c.RowsPage,
      params: ["projectId", "tableId"],
      query: c.RowsQuery,
    },
  },
  "/v1/tokens/self/rotate": {
    post: {
      summary: "Issue this token's successor; the old one expires after the grace window",
      request: c.RotateSelfRequest,
      response: c.RotatedToken,
      status: 201,
    },
  },
  "/healthz": { get: { summary: "Liveness", response: z.object({ status: z.literal("ok") }), auth: false } },
  "/readyz": {
    get: { summary: "Readiness (database reachable)", response: z.object({ status: z.literal("ready") }), auth: false },
  },
};

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(serverUrl: string): Record<string, unknown> {
  const errorSchema = json(c.ErrorEnvelope, "output");
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, ops] of Object.entries(OPERATIONS)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(ops)) {
      const parameters: unknown[] = (op.params ?? []).map((name) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      }));
      if (op.query) {
        const q = json(op.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, schema] of Object.entries(q.properties ?? {})) {
          const { description, examples } = schema as { description?: string; examples?: unknown[] };
          parameters.push({
            name,
            in: "query",
            required: q.required?.includes(name) ?? false,
            schema,
            ...(description ? { description } : {}),
            ...(examples?.length ? { example: examples[0] } : {}),
          });
        }
      }
      const responses: Record<string, unknown> = {
        [String(op.status ?? 200)]: {
          description: "OK",
          content: { "application/json": { schema: json(op.response, "output") } },
        },
      };
      for (const [status, code] of Object.entries(ERROR_RESPONSES)) {
        if (op.auth === false && status !== "503") continue;
        responses[status] = { description: code, content: { "application/json": { schema: errorSchema } } };
      }
      paths[path][method] = {
        summary: op.summary,
        ...(parameters.length ? { parameters } : {}),
        ...(op.request
          ? { requestBody: { required: false, content: { "application/json": { schema: json(op.request, "input") } } } }
          : {}),
        responses,
        ...(op.auth === false ? { security: [] } : {}),
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: { title: "Layer API", version: "1.0.0", description: "The reference token API (docs/contract.md)." },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }, { bearer: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-Api-Key" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
    paths,
  };
}

export function openApiRoutes(serverUrl: string, extraPaths: () => Record<string, unknown> = () => ({})): Router {
  const router = Router();
  let document: Record<string, unknown> | undefined;
  router.get("/openapi.json", (_req, res) => {
    document ??= (() => {
      const d = buildOpenApi(serverUrl);
      Object.assign(d["paths"] as Record<string, unknown>, extraPaths());
      return d;
    })();
    res.json(document);
  });
  return router;
}
