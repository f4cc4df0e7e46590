import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { codeToStatus } from "@layer/contracts";
import { z } from "zod";
import { ENVELOPES } from "./error-envelopes.js";
import { type Refusal, refusalsOf } from "./refusals.js";
import { HEADER_COMPONENTS, responseHeaders } from "./response-headers.js";
import type { RouteAccess, RouteSpec } from "./route-spec.js";
import { TAGS } from "./tags.js";

const SECURITY_SCHEMES = {
  apiKey: {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "An API token from the account page. Wins over Authorization when both are sent.",
  },
  bearer: { type: "http", scheme: "bearer", description: "The same API token as `Authorization: Bearer <token>`." },
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: "layer_session",
    description:
      "The account page's session, set by POST /v1/session (named `__Host-layer_session` over HTTPS). API tokens are refused here.",
  },
} as const;

const CsrfHeader = z.object({
  "X-CSRF-Token": z.string().meta({ description: "The session's `csrfToken` (from POST or GET /v1/session)." }),
});

function securityOf(access: RouteAccess): RouteConfig["security"] {
  switch (access.kind) {
    case "token":
      return [{ apiKey: [] }, { bearer: [] }];
    case "session":
      return [{ sessionCookie: [] }];
    default:
      return [];
  }
}

type Headers = NonNullable<ResponseConfig["headers"]>;

function errorResponse(access: RouteAccess, status: number, refusals: Refusal[]) {
  const codes = [...new Set(refusals.map((r) => r.code))];
  const example = (r: Refusal) => ({
    error: { code: r.code, message: r.example.message, requestId: "req_5mZ2kQ0b1", ...pick(r.example.details) },
  });
  return {
    description: refusals.map((r) => `\`${r.code}\`: ${r.when}`).join("\n\n"),
    headers: responseHeaders(access, status) as Headers,
    content: {
      "application/json": {
        schema: codes.length === 1 ? ENVELOPES.get(codes[0]!)! : z.union(codes.map((c) => ENVELOPES.get(c)!)),
        examples: Object.fromEntries(
          refusals.map((r, i) => [
            `${r.code}${i > 0 && refusals[i - 1]!.code === r.code ? `_${i}` : ""}`,
            {
              summary: r.when,
              value: example(r),
            },
          ]),
        ),
      },
    },
  };
}

const pick = (details: Record<string, unknown> | undefined) => (details ? { details } : {});

function successResponse(spec: RouteSpec) {
  const { success, access } = spec;
  return {
    description: success.description,
    headers: {
      ...responseHeaders(access, success.status),
      ...(spec.noStore
        ? {
            "Cache-Control": {
              description: "The body holds a secret or the session's CSRF token: never stored.",
              required: true,
              schema: { type: "string", const: "no-store" },
            },
          }
        : {}),
      ...success.headers,
    } as Headers,
    ...(success.body
      ? {
          content: {
            "application/json": {
              schema: success.body,
              ...(success.example !== undefined ? { example: success.example } : {}),
            },
          },
        }
      : {}),
  };
}

function operationOf(spec: RouteSpec): RouteConfig {
  const { request = {}, access } = spec;
  const byStatus = new Map<number, Refusal[]>();
  for (const refusal of refusalsOf(spec)) {
    const status = codeToStatus[refusal.code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), refusal]);
  }
  const headers = [
    ...(request.headers ? [request.headers] : []),
    ...(access.kind === "session" && access.mutation ? [CsrfHeader] : []),
  ];
  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: spec.description,
    security: securityOf(access),
    request: {
      ...(request.params ? { params: request.params } : {}),
      ...(request.query ? { query: request.query } : {}),
      ...(headers.length ? { headers } : {}),
      ...(request.body
        ? {
            body: {
              required: !spec.bodyOptional,
              content: {
                "application/json": {
                  schema: request.body,
                  ...(spec.requestExample !== undefined ? { example: spec.requestExample } : {}),
                },
              },
            },
          }
        : {}),
    },
    responses: {
      [String(spec.success.status)]: successResponse(spec),
      ...Object.fromEntries(
        [...byStatus.entries()]
          .sort(([a], [b]) => a - b)
          .map(([status, refusals]) => [String(status), errorResponse(access, status, refusals)]),
      ),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the routes an app registered (catalogue.ts), built by
 * zod-to-openapi from the very schemas that validate their requests.
 */
export function buildOpenApiDocument(routes: readonly RouteSpec[], serverUrl: string): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) {
    registry.registerComponent("securitySchemes", name, { ...scheme });
  }
  for (const [name, header] of Object.entries(HEADER_COMPONENTS)) {
    registry.registerComponent("headers", name, header as never);
  }
  for (const spec of routes) registry.registerPath(operationOf(spec));
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Layer API",
      version: "1.0.0",
      description:
        "The Layer API: the projects, tables and rows the connectors pull with an API token, the token's own " +
        "identity and rotation, and the account page's session and personal tokens. Every error is the same " +
        "envelope, `{ error: { code, message, requestId, details } }`, its `details` typed per code.",
      contact: { name: "Layer", url: `${serverUrl}/` },
    },
    servers: [{ url: serverUrl }],
    tags: TAGS.map((t) => ({ ...t })),
    security: [{ apiKey: [] }, { bearer: [] }],
  });
  return document as unknown as Record<string, unknown>;
}
