import { Router } from "express";
import { authOf, type RouteKit } from "./route-kit.js";
import { WhoamiBodies } from "./whoami-body.js";

export function whoamiRoutes({ services, protect }: RouteKit): Router {
  const router = Router();
  const bodies = new WhoamiBodies(`${services.config.publicUrl}/account/api`);
  router.get("/v1/whoami", ...protect("read-light"), (_req, res) => {
    const proven = authOf(res);
    const lastUsed = services.usage.lastUsed(proven.token.keyId) ?? proven.token.lastUsedAt;
    // The header res.json would set; a Buffer skips send's per-request charset parsing.
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.send(Buffer.from(bodies.body(proven, lastUsed, services.clock())));
  });
  return router;
}
