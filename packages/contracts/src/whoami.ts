import { z } from "zod";
import { Tier } from "./errors.js";
import { TokenEnv } from "./tokens.js";

export const RotationReason = z.enum(["expired", "revoked", "expiring_soon", "legacy_token", "no_expiration"]);
export type RotationReason = z.infer<typeof RotationReason>;

/** Advice the server gives in whoami; the token client builds the same shape from a 401 or a header. */
export const RotationAdvice = z.object({
  reason: RotationReason,
  message: z.string(),
  daysLeft: z.number().int().nullable(),
  steps: z.array(z.string()),
});
export type RotationAdvice = z.infer<typeof RotationAdvice>;

export const OrgRole = z.enum(["owner", "member"]);
export type OrgRole = z.infer<typeof OrgRole>;

export const Whoami = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  organizations: z.array(z.object({ id: z.string(), name: z.string(), role: OrgRole })),
  token: z.object({
    name: z.string(),
    keyId: z.string(),
    env: TokenEnv,
    legacy: z.boolean(),
    scopes: z.array(z.string()),
    tier: Tier,
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  }),
  rotation: z.array(RotationAdvice),
});
export type Whoami = z.infer<typeof Whoami>;
