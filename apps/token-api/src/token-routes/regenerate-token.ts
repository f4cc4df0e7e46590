import { RegenerateTokenRequest, RotatedToken, ROTATION_OVERLAPS } from "@layer/contracts";
import type { RouteMounter } from "../api-spec/mount.js";
import { defineRoute, inputOf } from "../api-spec/route-spec.js";
import { sessionOf } from "../account/session-guard.js";
import type { TokenService } from "../tokens/token-service.js";
import { inBody } from "./body-issues.js";
import { BAD_FIELD, KeyIdParams, SUMMARY_EXAMPLE, TOKEN_NOT_FOUND } from "./personal-tokens.js";

export const regenerateTokenRoute = defineRoute({
  method: "post",
  path: "/v1/tokens/{keyId}/regenerate",
  operationId: "regenerateToken",
  tag: "Personal tokens",
  summary: "Regenerate a token",
  description:
    "A new secret for the same token: the successor keeps the name, environment, tier, access and projects, and the " +
    "expiry policy unless `expiresIn` or `expiresAt` chooses a new one. The old secret keeps working for the " +
    "`overlap` (none, 1h, 24h or 7d; 24h by default, never past its own expiry), then answers 401 `rotated` naming " +
    "its successor. The list links the two (`rotatedTo`, `rotatedFrom`). The same operation as rotateSelf; the " +
    "response is the one place the new secret appears.",
  access: { kind: "session", mutation: true },
  request: { params: KeyIdParams, body: RegenerateTokenRequest },
  bodyOptional: true,
  requestExample: { overlap: "1h" },
  noStore: true,
  success: {
    status: 201,
    description: "The successor, with its secret (shown once), and the old token's new expiry (the overlap's end).",
    body: RotatedToken,
    example: {
      token: {
        ...SUMMARY_EXAMPLE,
        keyId: "01J9Z3V7K2M4N6Q9",
        masked: "lp_live_01J9Z3V7K2M4N6Q9_…",
        rotatedFrom: "01J9Z3V7K2M4N6P8",
        token: "lp_live_01J9Z3V7K2M4N6Q9_<secret, shown once>",
      },
      previous: { keyId: "01J9Z3V7K2M4N6P8", name: "Power BI refresh", expiresAt: "2026-03-01T13:00:00.000Z" },
    },
  },
  errors: [
    TOKEN_NOT_FOUND,
    {
      code: "CONFLICT",
      when: "The token was already regenerated (or rotated), was revoked, or has expired: regenerate its successor or create a new token.",
      example: {
        message: "this token was already regenerated; regenerate its successor instead",
        details: { successorKeyId: "01J9Z3V7K2M4N6Q9" },
      },
    },
    BAD_FIELD,
  ],
});

/** Regenerate on the account page: TokenService.replace, the implementation self-rotation shares. */
export function regenerateTokenRoutes(routes: RouteMounter, { tokens }: { tokens: TokenService }): void {
  routes.add(regenerateTokenRoute, async (_req, res) => {
    const { params, body } = inputOf(regenerateTokenRoute, res);
    const { user } = sessionOf(res);
    const { issued, previous } = await inBody(
      tokens.replace({
        keyId: params.keyId,
        userId: user.id,
        overlapSeconds: ROTATION_OVERLAPS[body.overlap],
        expiry: {
          expiresIn: body.expiresIn,
          expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt),
        },
        actor: `user:${user.id}`,
      }),
    );
    const answer: RotatedToken = {
      token: issued.created,
      previous: { keyId: previous.keyId, name: previous.name, expiresAt: previous.expiresAt!.toISOString() },
    };
    res.status(201).json(answer);
  });
}
