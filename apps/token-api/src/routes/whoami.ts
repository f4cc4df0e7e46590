import { OrganizationHeaders, Whoami } from "@layer/contracts";
import { defineRoute } from "../api-spec/route-spec.js";
import { ORGANIZATION_NOT_FOUND } from "../projects/organization-refusal.js";
import { listProjectsForUser } from "../projects/project-store.js";
import { reachOf } from "../projects/token-reach.js";
import { accountUrlOf } from "../services.js";
import { authOf, type RouteKit } from "./route-kit.js";
import { whoamiBody } from "./whoami-body.js";

export const getWhoamiRoute = defineRoute({
  method: "get",
  path: "/v1/whoami",
  operationId: "getWhoami",
  tag: "Identity",
  summary: "The token's user, organizations, limits and rotation advice",
  description:
    "Who the token belongs to, the organizations its owner is in, the token itself (its scopes, access, project limits " +
    "and the projects it reaches now, its expiry and last use) and advice when it should be rotated. With a " +
    "Layer-Organization header, `organization` echoes it and `token.projects` is narrowed to it. Needs no scope: a " +
    "client can always find out what its token may do. Connectors call it to test a token.",
  access: { kind: "token", endpointClass: "read-light" },
  request: { headers: OrganizationHeaders },
  errors: [ORGANIZATION_NOT_FOUND],
  success: {
    status: 200,
    description: "The token's identity.",
    body: Whoami,
    example: {
      user: { id: "usr_ada", email: "ada@example.com", name: "Ada Lovelace" },
      organizations: [{ id: "org_acme", name: "Acme", role: "owner" }],
      organization: null,
      token: {
        keyId: "01J9Z3V7K2M4N6P8",
        name: "Power BI refresh",
        env: "live",
        legacy: false,
        tier: "standard",
        scopes: ["projects:read"],
        access: "read",
        projectIds: ["prj_sales"],
        status: "active",
        createdAt: "2026-01-05T09:30:00.000Z",
        expiresAt: "2026-04-05T09:30:00.000Z",
        expiredAt: null,
        lastUsedAt: "2026-03-30T08:00:00.000Z",
        revokedAt: null,
        revokedBy: null,
        rotatedFrom: null,
        rotatedTo: null,
        projects: [{ id: "prj_sales", name: "Sales" }],
      },
      rotation: [
        {
          reason: "expiring_soon",
          message: "This token expires in 6 days. Regenerate it before then to avoid an outage.",
          daysLeft: 6,
          steps: [
            'Regenerate "Power BI refresh" on https://layer.example/account/api, with an overlap during which the old token keeps working.',
            "Paste the new token into the integration and check that it works.",
            "The old token stops working when the overlap ends; revoke it sooner on https://layer.example/account/api once nothing uses it.",
          ],
        },
      ],
    },
  },
});

export function whoamiRoutes({ services, routes }: RouteKit): void {
  const accountUrl = accountUrlOf(services.config);
  routes.add(getWhoamiRoute, async (req, res) => {
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
