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
    /**
     * The projects this token reaches now (its limits, the owner's memberships, the organization
     * header). Only when asked for with `?include=projects`: listing them reads the database, and
     * a plain whoami (the token check every connector makes) answers from memory.
     */
    projects: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  }),
  rotation: z.array(RotationAdvice),
});
export type Whoami = z.infer<typeof Whoami>;

/** whoami asked with `?include=projects`: the token's reach is listed. */
export type WhoamiWithProjects = Whoami & {
  token: Whoami["token"] & { projects: NonNullable<Whoami["token"]["projects"]> };
};

export const WhoamiQuery = z.strictObject({
  /** `projects`: list the projects the token reaches now (one more database read). */
  include: z.literal("projects").optional(),
});
export type WhoamiQuery = z.infer<typeof WhoamiQuery>;
