import { Whoami } from "@layer/contracts";
import { defineRoute } from "../api-spec/route-spec.js";
import { authOf, type RouteKit } from "./route-kit.js";
import { whoamiBody } from "./whoami-body.js";

export const getWhoamiRoute = defineRoute({
  method: "get",
  path: "/v1/whoami",
  operationId: "getWhoami",
  tag: "Identity",
  summary: "The token's user, organizations and rotation advice",
  description:
    "Who the token belongs to, the organizations its owner is in, the token itself (masked, with its expiry and last use) " +
    "and advice when it should be rotated. Connectors call it to test a token.",
  access: { kind: "token", endpointClass: "read-light" },
  success: {
    status: 200,
    description: "The token's identity.",
    body: Whoami,
    example: {
      user: { id: "usr_ada", email: "ada@example.com", name: "Ada Lovelace" },
      organizations: [{ id: "org_acme", name: "Acme", role: "owner" }],
      token: {
        name: "Power BI refresh",
        keyId: "01J9Z3V7K2M4N6P8",
        env: "live",
        legacy: false,
        scopes: [],
        tier: "standard",
        createdAt: "2026-01-05T09:30:00.000Z",
        expiresAt: "2026-04-05T09:30:00.000Z",
        lastUsedAt: "2026-03-30T08:00:00.000Z",
      },
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
});

export function whoamiRoutes({ services, routes }: RouteKit): void {
  const accountUrl = `${services.config.publicUrl}/account/api`;
  routes.add(getWhoamiRoute, (_req, res) => {
    const proven = authOf(res);
    // The authenticator stamped this request's time as the key's last use: it is also "now" for
    // the rotation advice, without reading the clock again.
    const thisUse = services.usage.lastUsed(proven.token.keyId);
    res.json(whoamiBody(proven, thisUse ?? proven.token.lastUsedAt, thisUse ?? services.clock(), accountUrl));
  });
}
