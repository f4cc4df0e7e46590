import type { IRouter } from "express";
import { RotateSelfRequest, type RotatedToken } from "@layer/contracts";
import { requireJsonBody } from "../http/json-body.js";
import { validate } from "../http/validate.js";
import { authOf, type RouteKit } from "../routes/route-kit.js";

/**
 * docs/contract.md "Self-rotation": the current token issues its successor; the old one works on for
 * the grace window (a day unless the body says otherwise), like a regenerate on the account page.
 */
export function selfRotationRoutes(router: IRouter, { services, protect }: RouteKit): void {
  router.post(
    "/v1/tokens/self/rotate",
    ...protect("write-light", "tokens:rotate-self"),
    requireJsonBody,
    validate({ body: RotateSelfRequest }),
    async (_req, res) => {
      const { token } = authOf(res);
      const { graceSeconds } = res.locals["body"] as { graceSeconds: number };
      const { issued, previous } = await services.tokens.replace({
        keyId: token.keyId,
        overlapSeconds: graceSeconds,
        actor: `token:${token.keyId}`,
      });
      const body: RotatedToken = {
        token: issued.created,
        previous: { keyId: previous.keyId, name: previous.name, expiresAt: previous.expiresAt!.toISOString() },
      };
      // The secret is in this body: no cache or proxy may keep it.
      res.setHeader("Cache-Control", "no-store");
      res.status(201).json(body);
    },
  );
}
