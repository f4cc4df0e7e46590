import type { IRouter } from "express";
import { authOf, type RouteKit } from "./route-kit.js";
import { whoamiBody } from "./whoami-body.js";

export function whoamiRoutes(router: IRouter, { services, protect }: RouteKit): void {
  const accountUrl = `${services.config.publicUrl}/account/api`;
  router.get("/v1/whoami", ...protect("read-light"), (_req, res) => {
    const proven = authOf(res);
    // The authenticator stamped this request's time as the key's last use: it is also "now" for
    // the rotation advice, without reading the clock again.
    const thisUse = services.usage.lastUsed(proven.token.keyId);
    res.json(whoamiBody(proven, thisUse ?? proven.token.lastUsedAt, thisUse ?? services.clock(), accountUrl));
  });
}
