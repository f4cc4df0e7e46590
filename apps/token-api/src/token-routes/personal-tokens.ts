import { z } from "zod";
import {
  CreatedToken,
  CreateTokenRequest,
  RegenerateTokenRequest,
  RenameTokenRequest,
  ROTATION_OVERLAPS,
  RotatedToken,
  TokenList,
  TokenListQuery,
  TokenSummary,
} from "@layer/contracts";
import type { RouteMounter } from "../api-spec/mount.js";
import { SECRET_EXAMPLE, TOKEN_SUMMARY_EXAMPLE } from "../api-spec/examples.js";
import { defineRoute, inputOf } from "../api-spec/route-spec.js";
import { DomainError, notFound } from "../errors/domain-error.js";
import type { TokenService } from "../tokens/token-service.js";
import type { UsageRecorder } from "../auth/usage-recorder.js";
import { withRecentUse } from "../account/recent-use.js";
import { sessionOf } from "../account/session-guard.js";

export interface TokenRouteDeps {
  tokens: TokenService;
  usage: UsageRecorder;
}

/** A key_id as the contract shapes it (or a legacy `layer_` + 8 hex one); anything else is simply not found. */
const KeyIdParams = z.strictObject({
  keyId: z
    .string()
    .regex(/^([0-9A-HJKMNP-TV-Z]{16}|layer_[0-9a-f]{8})$/, "not a token key id")
    .meta({ description: "The token's key id (shown in its masked form).", examples: ["01J9Z3V7K2M4N6P8"] }),
});

const TOKEN_NOT_FOUND = {
  code: "NOT_FOUND",
  when: "No such token among the signed-in user's (another user's token is not revealed).",
  example: { message: "token not found" },
} as const;

const SUMMARY_EXAMPLE = TOKEN_SUMMARY_EXAMPLE;

export const listTokensRoute = defineRoute({
  method: "get",
  path: "/v1/tokens",
  operationId: "listTokens",
  tag: "Personal tokens",
  summary: "The signed-in user's tokens",
  description:
    "The active tokens, newest first, masked (never a secret), with each token's access, projects and last use. " +
    "`history=true` lists the revoked and expired ones of the last 90 days instead; `includeRevoked=true` lists both.",
  access: { kind: "session", mutation: false },
  request: { query: TokenListQuery },
  noStore: true,
  success: { status: 200, description: "The tokens.", body: TokenList, example: { tokens: [SUMMARY_EXAMPLE] } },
});

export const createTokenRoute = defineRoute({
  method: "post",
  path: "/v1/tokens",
  operationId: "createToken",
  tag: "Personal tokens",
  summary: "Create a token",
  description:
    "The one response that ever holds the token's secret: show it once, store it where the client needs it. " +
    "Give exactly one of `expiresIn` and `expiresAt` (ahead, at most 366 days); `access` picks the scopes " +
    "(`read`: projects:read; `read-write`, the default: also projects:write and tokens:rotate-self); `projectIds` " +
    "limits the token to some of the user's projects (null, the default: all of them, as they are at each request).",
  access: { kind: "session", mutation: true },
  request: { body: CreateTokenRequest },
  requestExample: { name: "Power BI refresh", expiresIn: "90d", access: "read", projectIds: ["prj_acme_tower"] },
  noStore: true,
  success: {
    status: 201,
    description: "The new token, with its secret.",
    body: CreatedToken,
    example: { ...SUMMARY_EXAMPLE, lastUsedAt: null, token: SECRET_EXAMPLE },
  },
});

export const renameTokenRoute = defineRoute({
  method: "patch",
  path: "/v1/tokens/{keyId}",
  operationId: "renameToken",
  tag: "Personal tokens",
  summary: "Rename a token",
  description: "Changes the token's name only: the token keeps working.",
  access: { kind: "session", mutation: true },
  request: { params: KeyIdParams, body: RenameTokenRequest },
  requestExample: { name: "Power BI refresh (finance)" },
  noStore: true,
  success: {
    status: 200,
    description: "The renamed token.",
    body: TokenSummary,
    example: { ...SUMMARY_EXAMPLE, name: "Power BI refresh (finance)" },
  },
  errors: [TOKEN_NOT_FOUND],
});

export const regenerateTokenRoute = defineRoute({
  method: "post",
  path: "/v1/tokens/{keyId}/regenerate",
  operationId: "regenerateToken",
  tag: "Personal tokens",
  summary: "Regenerate a token",
  description:
    "A new secret for the same token: the new token keeps the name, environment, tier, access and projects, and the " +
    "old one works on for `overlap` (a day by default), then is refused with 401 `rotated` naming its successor. " +
    "Without `expiresIn` or `expiresAt` the new token keeps the old one's expiry policy. The response is the one place " +
    "the new secret appears.",
  access: { kind: "session", mutation: true },
  request: { params: KeyIdParams, body: RegenerateTokenRequest },
  bodyOptional: true,
  requestExample: { overlap: "24h", expiresIn: "90d" },
  noStore: true,
  success: {
    status: 201,
    description: "The new token, with its secret (shown once), and the old token's new expiry.",
    body: RotatedToken,
    example: {
      token: { ...SUMMARY_EXAMPLE, keyId: "01J9Z3V7K2M4N6Q9", rotatedFrom: "01J9Z3V7K2M4N6P8", token: SECRET_EXAMPLE },
      previous: { keyId: "01J9Z3V7K2M4N6P8", name: "Power BI refresh", expiresAt: "2026-03-31T09:30:00.000Z" },
    },
  },
  errors: [
    TOKEN_NOT_FOUND,
    {
      code: "CONFLICT",
      when: "The token is revoked, expired, or was already regenerated (its successor exists).",
      example: { message: "this token was already rotated", details: { successorKeyId: "01J9Z3V7K2M4N6Q9" } },
    },
  ],
});

export const revokeTokenRoute = defineRoute({
  method: "delete",
  path: "/v1/tokens/{keyId}",
  operationId: "revokeToken",
  tag: "Personal tokens",
  summary: "Revoke a token",
  description: "For good: every request with it sent after this answer is refused.",
  access: { kind: "session", mutation: true },
  request: { params: KeyIdParams },
  success: { status: 204, description: "Revoked." },
  errors: [TOKEN_NOT_FOUND],
});

/**
 * The signed-in user's personal tokens (account page). Every lookup is by (key_id, user): another
 * user's token is 404, exactly like a token that does not exist.
 */
export function tokenRoutes(routes: RouteMounter, { tokens, usage }: TokenRouteDeps): void {
  routes.add(listTokensRoute, async (_req, res) => {
    const { query } = inputOf(listTokensRoute, res);
    const list = await tokens.list({
      userId: sessionOf(res).user.id,
      name: query.name || undefined,
      view: query.history === "true" ? "history" : query.includeRevoked === "true" ? "all" : "active",
    });
    const now = tokens.now();
    const body: TokenList = { tokens: list.map((t) => withRecentUse(t, usage, now)) };
    res.json(body);
  });

  routes.add(createTokenRoute, async (_req, res) => {
    const input = inputOf(createTokenRoute, res).body;
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
  });

  routes.add(renameTokenRoute, async (_req, res) => {
    const { params, body } = inputOf(renameTokenRoute, res);
    const { user } = sessionOf(res);
    const renamed = await tokens.rename({
      keyId: params.keyId,
      name: body.name,
      userId: user.id,
      actor: `user:${user.id}`,
    });
    if (!renamed) throw notFound("token");
    const summary: TokenSummary = withRecentUse(renamed, usage, tokens.now());
    res.json(summary);
  });

  routes.add(regenerateTokenRoute, async (_req, res) => {
    const { params, body: input } = inputOf(regenerateTokenRoute, res);
    const { user } = sessionOf(res);
    const { issued, previous } = await inBody(
      tokens.replace({
        keyId: params.keyId,
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
  });

  routes.add(revokeTokenRoute, async (_req, res) => {
    const { keyId } = inputOf(revokeTokenRoute, res).params;
    const { user } = sessionOf(res);
    const revoked = await tokens.revoke({ keyId, userId: user.id, actor: `user:${user.id}`, revokedBy: "user" });
    if (!revoked) throw notFound("token");
    res.status(204).end();
  });
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
