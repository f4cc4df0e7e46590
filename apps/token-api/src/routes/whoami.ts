import type { IRouter } from "express";
import { endWithQueuedHeaders } from "../http/header-block.js";
import { authOf, type RouteKit } from "./route-kit.js";
import { WhoamiBodies } from "./whoami-body.js";

export function whoamiRoutes(router: IRouter, { services, protect }: RouteKit): void {
  const bodies = new WhoamiBodies(`${services.config.publicUrl}/account/api`);
  router.get("/v1/whoami", ...protect("read-light"), (_req, res) => {
    const proven = authOf(res);
    // The authenticator stamped this request's time as the key's last use: it is also "now" for
    // the rotation advice, without reading the clock again.
    const thisUse = services.usage.lastUsed(proven.token.keyId);
    const body = bodies.body(proven, thisUse ?? proven.token.lastUsedAt, thisUse ?? services.clock());
    // What res.json would send, without res.send's ETag and freshness work (ETags are off in this
    // API, so no request is ever fresh), its fields queued with the others (header-block.ts). A
    // string body goes out with the header block in one write; a Buffer would be a second chunk.
    endWithQueuedHeaders(
      res,
      200,
      ["Content-Type", "application/json; charset=utf-8", "Content-Length", String(Buffer.byteLength(body))],
      body,
    );
  });
}
