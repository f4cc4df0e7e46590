import { Router } from "express";
import { z } from "zod";
import type { OrgTokenHolders } from "@layer/contracts";
import { notFound } from "../errors/domain-error.js";
import { validate } from "../http/validate.js";
import type { UsageRecorder } from "../auth/usage-recorder.js";
import type { TokenService } from "../tokens/token-service.js";
import { lastUsedAt } from "./recent-use.js";
import { refuseApiTokens, requireSession, sessionOf } from "./session-guard.js";
import type { SessionService } from "./session-service.js";

const OrgParams = z.strictObject({ orgId: z.string().min(1).max(100) });

/**
 * Organization owners see who holds tokens (names and times, never secrets). Anyone else, and
 * any organization the user does not own, gets 404: existence is not revealed (docs/contract.md).
 */
export function holderRoutes({
  sessions,
  tokens,
  usage,
}: {
  sessions: SessionService;
  tokens: TokenService;
  usage: UsageRecorder;
}): Router {
  const router = Router();
  router.get(
    "/v1/organizations/:orgId/token-holders",
    refuseApiTokens,
    requireSession(sessions),
    validate({ params: OrgParams }),
    async (_req, res) => {
      const { orgId } = res.locals["params"] as { orgId: string };
      if (!(await sessions.ownsOrganization(sessionOf(res).user.id, orgId))) throw notFound("organization");
      res.setHeader("Cache-Control", "no-store");
      // Who holds tokens now: revoked ones are history (the audit log keeps it), not holdings.
      const { holders } = await tokens.holders(orgId);
      const body: OrgTokenHolders = {
        holders: holders
          .map((h) => ({
            ...h,
            tokens: h.tokens
              .filter((t) => t.revokedAt === null)
              .map((t) => ({ ...t, lastUsedAt: lastUsedAt(t, usage) })),
          }))
          .filter((h) => h.tokens.length > 0),
      };
      res.json(body);
    },
  );
  return router;
}
