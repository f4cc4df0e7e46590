import type { IRouter } from "express";
import { listProjectsForUser } from "../projects/project-store.js";
import { reachOf } from "../projects/token-reach.js";
import { accountUrlOf } from "../services.js";
import { authOf, type RouteKit } from "./route-kit.js";
import { whoamiBody } from "./whoami-body.js";

export function whoamiRoutes(router: IRouter, { services, protect }: RouteKit): void {
  const accountUrl = accountUrlOf(services.config);
  router.get("/v1/whoami", ...protect("read-light"), async (req, res) => {
    const proven = authOf(res);
    const reach = await reachOf(services.db, req, proven);
    const projects = (await listProjectsForUser(services.db, reach)).map((p) => ({ id: p.id, name: p.name }));
    // The authenticator stamped this request's time as the key's last use: it is also "now" for
    // the rotation advice, without reading the clock again.
    const thisUse = services.usage.lastUsed(proven.token.keyId);
    res.json(
      whoamiBody(proven, {
        lastUsed: thisUse ?? proven.token.lastUsedAt,
        now: thisUse ?? services.clock(),
        accountUrl,
        projects,
        organization: reach.organizationId,
      }),
    );
  });
}
