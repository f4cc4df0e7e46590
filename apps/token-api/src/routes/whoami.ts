import { Whoami, WhoamiQuery } from "@layer/contracts";
import { TOKEN_SUMMARY_EXAMPLE } from "../api-spec/examples.js";
import { defineRoute } from "../api-spec/route-spec.js";
import { listProjectsForUser } from "../projects/project-store.js";
import { ORGANIZATION_NOT_FOUND, OrganizationHeaders } from "../projects/organization-context.js";
import { reachOf } from "../projects/token-reach.js";
import { accountUrlOf } from "../services.js";
import { authOf, type RouteKit } from "./route-kit.js";
import { whoamiBody } from "./whoami-body.js";

const { masked: _masked, ...token } = TOKEN_SUMMARY_EXAMPLE;

export const getWhoamiRoute = defineRoute({
  method: "get",
  path: "/v1/whoami",
  operationId: "getWhoami",
  tag: "Identity",
  summary: "The token's user, organizations, reach and rotation advice",
  description:
    "Who the token belongs to, the organizations its owner is in, the token itself (with its scopes, its expiry, " +
    "its last use and, with `?include=projects`, the projects it reaches now) and advice when it should be rotated. " +
    "Connectors call it to test a token; a plain whoami answers from memory, listing the projects reads the database.",
  access: { kind: "token", endpointClass: "read-light" },
  request: { query: WhoamiQuery, headers: OrganizationHeaders },
  success: {
    status: 200,
    description: "The token's identity.",
    body: Whoami,
    example: {
      user: { id: "usr_ada", email: "ada@example.com", name: "Ada Lovelace" },
      organizations: [{ id: "org_acme", name: "Acme Analytics", role: "owner" }],
      organization: null,
      token: { ...token, projects: [{ id: "prj_acme_tower", name: "Acme Tower" }] },
      rotation: [
        {
          reason: "expiring_soon",
          message: 'The API token "Power BI refresh" expires in 6 days.',
          daysLeft: 6,
          steps: ["Create a new token at the account page", "Replace the token in Power BI", "Revoke the old token"],
        },
      ],
    },
  },
  errors: [ORGANIZATION_NOT_FOUND],
});

export function whoamiRoutes({ services, routes }: RouteKit): void {
  const accountUrl = accountUrlOf(services.config);
  routes.add(getWhoamiRoute, async (req, res) => {
    const proven = authOf(res);
    const reach = await reachOf(services.db, req, proven);
    const { include } = (res.locals["query"] ?? {}) as WhoamiQuery;
    const projects =
      include === "projects"
        ? (await listProjectsForUser(services.db, reach)).map((p) => ({ id: p.id, name: p.name }))
        : undefined;
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
