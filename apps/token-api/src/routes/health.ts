import { z } from "zod";
import type { RouteMounter } from "../api-spec/mount.js";
import { defineRoute } from "../api-spec/route-spec.js";
import { DomainError } from "../errors/domain-error.js";
import type { Services } from "../services.js";

export const getLivenessRoute = defineRoute({
  method: "get",
  path: "/healthz",
  operationId: "getLiveness",
  tag: "Service",
  summary: "Liveness: the process answers",
  description: "Answers without touching the database, for a process supervisor's liveness probe.",
  access: { kind: "public" },
  success: {
    status: 200,
    description: "The process is alive.",
    body: z.object({ status: z.literal("ok") }),
    example: { status: "ok" },
  },
});

export const getReadinessRoute = defineRoute({
  method: "get",
  path: "/readyz",
  operationId: "getReadiness",
  tag: "Service",
  summary: "Readiness: the process and its database answer",
  description: "Runs one query on the database, for a load balancer's readiness probe.",
  access: { kind: "public" },
  success: {
    status: 200,
    description: "Ready to serve requests.",
    body: z.object({
      status: z.literal("ready"),
      engine: z.enum(["pglite", "postgres"]).meta({
        description: "`pglite`: the embedded database (default); `postgres`: PostgreSQL through DATABASE_URL.",
      }),
    }),
    example: { status: "ready", engine: "pglite" },
  },
  errors: [{ code: "SERVICE_UNAVAILABLE", when: "The database is not reachable; retry after Retry-After seconds." }],
});

/** /healthz: the process answers. /readyz: and its database does. */
export function healthRoutes(routes: RouteMounter, services: Services): void {
  routes.add(getLivenessRoute, (_req, res) => {
    res.json({ status: "ok" });
  });
  routes.add(getReadinessRoute, async (_req, res) => {
    try {
      await services.db.query("SELECT 1");
    } catch {
      throw new DomainError("SERVICE_UNAVAILABLE", "the database is not reachable", {}, { retryAfterSeconds: 5 });
    }
    res.json({ status: "ready", engine: services.db.engine });
  });
}
