import { z } from "zod";
import { TokenSummary } from "./tokens.js";

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
  /** The `Layer-Organization` header's value when the request sent one, else null. */
  organization: z.string().nullable(),
  token: TokenSummary.omit({ masked: true }).extend({
    /** The projects this token reaches now (its limits, the owner's memberships, the organization header). */
    projects: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  rotation: z.array(RotationAdvice),
});
export type Whoami = z.infer<typeof Whoami>;
