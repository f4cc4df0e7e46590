import { z } from "zod";
import type { ApiCatalogue } from "../api-spec/catalogue.js";
import { buildOpenApiDocument } from "../api-spec/document.js";
import type { RouteMounter } from "../api-spec/mount.js";
import { defineRoute } from "../api-spec/route-spec.js";

export const getOpenApiDocumentRoute = defineRoute({
  method: "get",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  tag: "Service",
  summary: "This reference, as an OpenAPI 3.1 document",
  description:
    "Built from the same route declarations that register the routes and validate their requests, so it lists exactly what this server answers.",
  access: { kind: "public" },
  success: {
    status: 200,
    description: "The OpenAPI 3.1 document.",
    body: z.looseObject({
      openapi: z.literal("3.1.0"),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.record(z.string(), z.unknown()),
    }),
  },
});

/** /openapi.json: the catalogue's routes as the API's reference (built once, on first request, when all are registered). */
export function openApiRoutes(routes: RouteMounter, catalogue: ApiCatalogue, serverUrl: string): void {
  let document: Record<string, unknown> | undefined;
  routes.add(getOpenApiDocumentRoute, (_req, res) => {
    document ??= buildOpenApiDocument(catalogue.routes, serverUrl);
    res.json(document);
  });
}
