import { z } from "zod";
import { OrgTokenHolders } from "@layer/contracts";
import type { RouteMounter } from "../api-spec/mount.js";
import { defineRoute, inputOf } from "../api-spec/route-spec.js";
import { notFound } from "../errors/domain-error.js";
import type { UsageRecorder } from "../auth/usage-recorder.js";
import type { TokenService } from "../tokens/token-service.js";
import { lastUsedAt } from "./recent-use.js";
import { sessionOf } from "./session-guard.js";
import type { SessionService } from "./session-service.js";

const OrgParams = z.strictObject({
  orgId: z
    .string()
    .min(1)
    .max(100)
    .meta({ description: "The organization's id.", examples: ["org_acme"] }),
});

export const listTokenHoldersRoute = defineRoute({
  method: "get",
  path: "/v1/organizations/{orgId}/token-holders",
  operationId: "listTokenHolders",
  tag: "Organizations",
  summary: "Who in an organization holds tokens",
  description:
    "For the organization's owners: each member holding live tokens, with the tokens' names and times (never secrets).",
  access: { kind: "session", mutation: false },
  request: { params: OrgParams },
  noStore: true,
  success: {
    status: 200,
    description: "The members holding tokens.",
    body: OrgTokenHolders,
    example: {
      holders: [
        {
          user: { id: "usr_ben", email: "ben@example.com", name: "Ben Okafor" },
          tokens: [
            {
              keyId: "01J9Z3V7K2M4N6P8",
              name: "Ben - Excel",
              env: "live",
              createdAt: "2026-01-05T09:30:00.000Z",
              expiresAt: "2026-04-05T09:30:00.000Z",
              lastUsedAt: null,
              revokedAt: null,
              legacy: false,
              access: "read",
              projectIds: null,
              status: "active",
            },
          ],
        },
      ],
    },
  },
  errors: [
    {
      code: "NOT_FOUND",
      when: "No such organization, or one the signed-in user does not own (existence is not revealed).",
      example: { message: "organization not found" },
    },
  ],
});

/**
 * Organization owners see who holds tokens (names and times, never secrets). Anyone else, and
 * any organization the user does not own, gets 404: existence is not revealed (docs/contract.md).
 */
export function holderRoutes(
  routes: RouteMounter,
  { sessions, tokens, usage }: { sessions: SessionService; tokens: TokenService; usage: UsageRecorder },
): void {
  routes.add(listTokenHoldersRoute, async (_req, res) => {
    const { orgId } = inputOf(listTokenHoldersRoute, res).params;
    if (!(await sessions.ownsOrganization(sessionOf(res).user.id, orgId))) throw notFound("organization");
    // Who holds tokens now: revoked ones are history (the audit log keeps it), not holdings.
    const { holders } = await tokens.holders(orgId);
    const body: OrgTokenHolders = {
      holders: holders
        .map((h) => ({
          ...h,
          tokens: h.tokens.filter((t) => t.revokedAt === null).map((t) => ({ ...t, lastUsedAt: lastUsedAt(t, usage) })),
        }))
        .filter((h) => h.tokens.length > 0),
    };
    res.json(body);
  });
}
