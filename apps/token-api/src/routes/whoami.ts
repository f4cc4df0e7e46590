import { Router } from "express";
import type { Whoami } from "@layer/contracts";
import { rotationAdvice } from "../tokens/rotation-advice.js";
import { authOf, type RouteKit } from "./route-kit.js";

export function whoamiRoutes({ services, protect }: RouteKit): Router {
  const router = Router();
  const accountUrl = `${services.config.publicUrl}/account/api`;
  router.get("/v1/whoami", ...protect("read-light"), (_req, res) => {
    const { token, user, organizations } = authOf(res);
    const lastUsed = services.usage.lastUsed(token.keyId) ?? token.lastUsedAt;
    const body: Whoami = {
      user: { id: user.id, email: user.email, name: user.name },
      organizations: organizations.map((o) => ({ id: o.id, name: o.name, role: o.role })),
      token: {
        name: token.name,
        keyId: token.keyId,
        env: token.env,
        legacy: token.legacy,
        // Scopes are not enforced yet (CONTRACT.md "Scopes"): every key carries its owner's access.
        scopes: [],
        tier: token.tier,
        createdAt: token.createdAt.toISOString(),
        expiresAt: token.expiresAt?.toISOString() ?? null,
        lastUsedAt: lastUsed?.toISOString() ?? null,
      },
      rotation: rotationAdvice(token, services.clock(), accountUrl),
    };
    res.json(body);
  });
  return router;
}
