import { RotatedToken, RotateSelfRequest } from "@layer/contracts";
import { SECRET_EXAMPLE, TOKEN_SUMMARY_EXAMPLE } from "../api-spec/examples.js";
import { defineRoute, inputOf } from "../api-spec/route-spec.js";
import { authOf, type RouteKit } from "../routes/route-kit.js";

export const rotateSelfRoute = defineRoute({
  method: "post",
  path: "/v1/tokens/self/rotate",
  operationId: "rotateSelf",
  tag: "Self-rotation",
  summary: "Issue this token's successor",
  description:
    "The token sending the request issues its successor (same name, environment, tier, access and projects) and keeps " +
    "working for `graceSeconds` (a day when not given), so a client can swap tokens without a gap; after that it is " +
    "refused with 401 `rotated`, naming its successor. The response is the one place the new secret appears.",
  access: { kind: "token", endpointClass: "write-light", scope: "tokens:rotate-self" },
  request: { body: RotateSelfRequest },
  bodyOptional: true,
  requestExample: { graceSeconds: 86400 },
  // The secret is in this body: no cache or proxy may keep it.
  noStore: true,
  success: {
    status: 201,
    description: "The successor, with its secret (shown once), and the old token's new expiry.",
    body: RotatedToken,
    example: {
      token: {
        ...TOKEN_SUMMARY_EXAMPLE,
        keyId: "01J9Z3V7K2M4N6Q9",
        rotatedFrom: "01J9Z3V7K2M4N6P8",
        token: SECRET_EXAMPLE,
      },
      previous: { keyId: "01J9Z3V7K2M4N6P8", name: "Power BI refresh", expiresAt: "2026-03-31T09:30:00.000Z" },
    },
  },
  errors: [
    {
      code: "CONFLICT",
      when: "This token was already rotated (its successor exists) or was revoked meanwhile.",
      example: { message: "this token was already rotated", details: { successorKeyId: "01J9Z3V7K2M4N6Q9" } },
    },
  ],
});

/**
 * docs/contract.md "Self-rotation": the current token issues its successor; the old one works on for
 * the grace window (a day unless the body says otherwise), like a regenerate on the account page.
 */
export function selfRotationRoutes({ services, routes }: RouteKit): void {
  routes.add(rotateSelfRoute, async (_req, res) => {
    const { token } = authOf(res);
    const { graceSeconds } = inputOf(rotateSelfRoute, res).body;
    const { issued, previous } = await services.tokens.replace({
      keyId: token.keyId,
      overlapSeconds: graceSeconds,
      actor: `token:${token.keyId}`,
    });
    const body: RotatedToken = {
      token: issued.created,
      previous: { keyId: previous.keyId, name: previous.name, expiresAt: previous.expiresAt!.toISOString() },
    };
    res.status(201).json(body);
  });
}
