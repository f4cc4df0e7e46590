import { Router, type RequestHandler } from "express";
import { z } from "zod";
import {
  CreateTokenRequest,
  RegenerateTokenRequest,
  RenameTokenRequest,
  ROTATION_OVERLAPS,
  TokenListQuery,
  type RotatedToken,
  type TokenList,
  type TokenSummary,
} from "@layer/contracts";
import { DomainError, notFound } from "../errors/domain-error.js";
import { requireJsonBody } from "../http/json-body.js";
import { validate } from "../http/validate.js";
import type { TokenService } from "../tokens/token-service.js";
import type { UsageRecorder } from "../auth/usage-recorder.js";
import { withRecentUse } from "../account/recent-use.js";
import {
  refuseApiTokens,
  requireCsrf,
  requireSameOrigin,
  requireSession,
  sessionOf,
} from "../account/session-guard.js";
import type { SessionService } from "../account/session-service.js";

export interface TokenRouteDeps {
  sessions: SessionService;
  tokens: TokenService;
  usage: UsageRecorder;
  trustedOrigins: readonly string[];
}

/** A key_id as the contract shapes it (or a legacy `layer_` + 8 hex one); anything else is simply not found. */
const KeyIdParams = z.strictObject({
  keyId: z.string().regex(/^([0-9A-HJKMNP-TV-Z]{16}|layer_[0-9a-f]{8})$/, "not a token key id"),
});

/**
 * The signed-in user's personal tokens (account page). Every lookup is by (key_id, user): another
 * user's token is 404, exactly like a token that does not exist.
 */
export function tokenRoutes({ sessions, tokens, usage, trustedOrigins }: TokenRouteDeps): Router {
  const router = Router();
  const signedIn: RequestHandler[] = [refuseApiTokens, requireSession(sessions)];
  const mutation: RequestHandler[] = [
    refuseApiTokens,
    requireSameOrigin(trustedOrigins),
    requireSession(sessions),
    requireCsrf(sessions),
  ];
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  };

  router.get("/v1/tokens", ...signedIn, noStore, validate({ query: TokenListQuery }), async (_req, res) => {
    const query = res.locals["query"] as z.infer<typeof TokenListQuery>;
    const list = await tokens.list({
      userId: sessionOf(res).user.id,
      name: query.name || undefined,
      view: query.history === "true" ? "history" : query.includeRevoked === "true" ? "all" : "active",
    });
    const now = tokens.now();
    const body: TokenList = { tokens: list.map((t) => withRecentUse(t, usage, now)) };
    res.json(body);
  });

  router.post(
    "/v1/tokens",
    ...mutation,
    noStore,
    requireJsonBody,
    validate({ body: CreateTokenRequest }),
    async (_req, res) => {
      const input = res.locals["body"] as z.infer<typeof CreateTokenRequest>;
      const { user } = sessionOf(res);
      const issued = await inBody(
        tokens.create({
          userId: user.id,
          name: input.name,
          expiresIn: input.expiresIn,
          expiresAt: input.expiresAt === undefined ? undefined : new Date(input.expiresAt),
          access: input.access,
          projectIds: input.projectIds,
          env: input.env,
          actor: `user:${user.id}`,
        }),
      );
      // The one response that ever holds the secret (docs/contract.md "Tokens").
      res.status(201).json(issued.created);
    },
  );

  router.patch(
    "/v1/tokens/:keyId",
    ...mutation,
    noStore,
    requireJsonBody,
    validate({ params: KeyIdParams, body: RenameTokenRequest }),
    async (_req, res) => {
      const { keyId } = res.locals["params"] as { keyId: string };
      const { name } = res.locals["body"] as { name: string };
      const { user } = sessionOf(res);
      const renamed = await tokens.rename({ keyId, name, userId: user.id, actor: `user:${user.id}` });
      if (!renamed) throw notFound("token");
      const body: TokenSummary = withRecentUse(renamed, usage, tokens.now());
      res.json(body);
    },
  );

  router.post(
    "/v1/tokens/:keyId/regenerate",
    ...mutation,
    noStore,
    requireJsonBody,
    validate({ params: KeyIdParams, body: RegenerateTokenRequest }),
    async (_req, res) => {
      const { keyId } = res.locals["params"] as { keyId: string };
      const input = res.locals["body"] as z.infer<typeof RegenerateTokenRequest>;
      const { user } = sessionOf(res);
      const { issued, previous } = await inBody(
        tokens.replace({
          keyId,
          userId: user.id,
          overlapSeconds: ROTATION_OVERLAPS[input.overlap],
          expiry: {
            expiresIn: input.expiresIn,
            expiresAt: input.expiresAt === undefined ? undefined : new Date(input.expiresAt),
          },
          actor: `user:${user.id}`,
        }),
      );
      const body: RotatedToken = {
        token: issued.created,
        previous: { keyId: previous.keyId, name: previous.name, expiresAt: previous.expiresAt!.toISOString() },
      };
      // The one response that holds the new secret.
      res.status(201).json(body);
    },
  );

  router.delete("/v1/tokens/:keyId", ...mutation, validate({ params: KeyIdParams }), async (_req, res) => {
    const { keyId } = res.locals["params"] as { keyId: string };
    const { user } = sessionOf(res);
    const revoked = await tokens.revoke({ keyId, userId: user.id, actor: `user:${user.id}`, revokedBy: "user" });
    if (!revoked) throw notFound("token");
    res.status(204).end();
  });
  return router;
}

/** The service names fields as the body does; the envelope's paths say where they are (`body.expiresAt`). */
async function inBody<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const issues = error instanceof DomainError ? error.details?.["issues"] : undefined;
    if (!(error instanceof DomainError) || error.code !== "VALIDATION_FAILED" || !Array.isArray(issues)) throw error;
    throw new DomainError(error.code, error.message, {
      ...error.details,
      issues: issues.map((i: { path: string; message: string }) => ({ ...i, path: `body.${i.path}` })),
    });
  }
}
