import { z } from "zod";
import {
  CreatedToken,
  CreateTokenRequest,
  RenameTokenRequest,
  TokenList,
  TokenListQuery,
  TokenSummary,
} from "@layer/contracts";
import type { RouteMounter } from "../api-spec/mount.js";
import { defineRoute, inputOf } from "../api-spec/route-spec.js";
import { notFound } from "../errors/domain-error.js";
import { inBody } from "./body-issues.js";
import type { TokenService } from "../tokens/token-service.js";
import type { UsageRecorder } from "../auth/usage-recorder.js";
import { withRecentUse } from "../account/recent-use.js";
import { sessionOf } from "../account/session-guard.js";

export interface TokenRouteDeps {
  tokens: TokenService;
  usage: UsageRecorder;
}

/** A key_id as the contract shapes it (or a legacy `layer_` + 8 hex one); anything else is a 400 naming it. */
export const KeyIdParams = z.strictObject({
  keyId: z
    .string()
    .regex(/^([0-9A-HJKMNP-TV-Z]{16}|layer_[0-9a-f]{8})$/, "not a token key id")
    .meta({ description: "The token's key id (shown in its masked form).", examples: ["01J9Z3V7K2M4N6P8"] }),
});

export const TOKEN_NOT_FOUND = {
  code: "NOT_FOUND",
  when: "No such token among the signed-in user's (another user's token is not revealed).",
  example: { message: "token not found" },
} as const;

export const SUMMARY_EXAMPLE = {
  keyId: "01J9Z3V7K2M4N6P8",
  name: "Power BI refresh",
  env: "live",
  masked: "lp_live_01J9Z3V7K2M4N6P8_…",
  legacy: false,
  tier: "standard",
  scopes: ["projects:read"],
  access: "read",
  projectIds: ["prj_sales"],
  status: "active",
  createdAt: "2026-01-05T09:30:00.000Z",
  expiresAt: "2026-04-05T09:30:00.000Z",
  expiredAt: null,
  lastUsedAt: null,
  revokedAt: null,
  revokedBy: null,
  rotatedFrom: null,
  rotatedTo: null,
};

export const BAD_FIELD = {
  code: "VALIDATION_FAILED",
  when: "A field the schema allows names something the API refuses: an expiresAt in the past or more than 366 days ahead, or a project the user is not a member of.",
  example: {
    message: '"prj_other" is not a project you are a member of',
    details: { issues: [{ path: "body.projectIds.0", message: '"prj_other" is not a project you are a member of' }] },
  },
} as const;
export const listTokensRoute = defineRoute({
  method: "get",
  path: "/v1/tokens",
  operationId: "listTokens",
  tag: "Personal tokens",
  summary: "The signed-in user's tokens",
  description:
    "The active tokens, newest first, masked (never a secret), with each token's last use, access and project limits. " +
    "With `history=true`: the revoked and expired tokens of the last 90 days instead, the most recently ended first, " +
    "with when and by whom (`revokedBy`: user, operator or rotation) they ended; older ones are purged.",
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
    "Exactly one of `expiresIn` and `expiresAt` (ahead, at most 366 days away). `access` read (`projects:read`) or " +
    "read-write (every scope, the default); `projectIds` limits the token to projects the user is a member of (null: " +
    "all of them, as they are at each request). Duplicate names are accepted. The one response that ever holds the " +
    "token's secret: show it once, store it where the client needs it.",
  access: { kind: "session", mutation: true },
  request: { body: CreateTokenRequest },
  requestExample: { name: "Power BI refresh", expiresIn: "90d", access: "read", projectIds: ["prj_sales"] },
  noStore: true,
  success: {
    status: 201,
    description: "The new token, with its secret.",
    body: CreatedToken,
    example: { ...SUMMARY_EXAMPLE, token: "lp_live_01J9Z3V7K2M4N6P8_<secret, shown once>" },
  },
  errors: [BAD_FIELD],
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

export const revokeTokenRoute = defineRoute({
  method: "delete",
  path: "/v1/tokens/{keyId}",
  operationId: "revokeToken",
  tag: "Personal tokens",
  summary: "Revoke a token",
  description:
    "For good: every request with it sent after this answer is refused. The token moves to the history " +
    "(`history=true`), revoked by the user.",
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

  routes.add(revokeTokenRoute, async (_req, res) => {
    const { keyId } = inputOf(revokeTokenRoute, res).params;
    const { user } = sessionOf(res);
    const revoked = await tokens.revoke({ keyId, userId: user.id, actor: `user:${user.id}`, revokedBy: "user" });
    if (!revoked) throw notFound("token");
    res.status(204).end();
  });
}
