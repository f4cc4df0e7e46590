import { Router } from "express";
import { DomainError } from "../errors/domain-error.js";
import type { Services } from "../services.js";

/** /healthz: the process answers. /readyz: and its database does. */
export function healthRoutes(services: Services): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    try {
      await services.db.query("SELECT 1");
    } catch {
      throw new DomainError("SERVICE_UNAVAILABLE", "the database is not reachable", {}, { retryAfterSeconds: 5 });
    }
    res.json({ status: "ready", engine: services.db.engine });
  });
  return router;
}
