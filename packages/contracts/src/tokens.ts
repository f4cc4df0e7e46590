import { z } from "zod";
import { Tier } from "./errors.js";
import { text } from "./text.js";
import { ACCESS_LEVELS, DEFAULT_ROTATION_OVERLAP_SECONDS, ROTATION_OVERLAPS, SCOPES } from "./token-access.js";

/**
 * Token shape facts (docs/contract.md, "Tokens"). Kept as plain constants so that the token client
 * can import them without pulling zod into the Apps Script bundle.
 */
export { TOKEN_FORMAT } from "./token-format.js";
export * from "./token-access.js";

export const TokenEnv = z.enum(["live", "test"]);
export type TokenEnv = z.infer<typeof TokenEnv>;

export const TokenExpiration = z.enum(["30d", "90d", "1y", "never"]);
export type TokenExpiration = z.infer<typeof TokenExpiration>;

/** 1 to 100 characters, no control characters, not only spaces, storable text. */
export const TokenName = text()
  .trim()
  .min(1, "name must not be empty")
  .max(100, "name must be at most 100 characters")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a name may not hold.
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "name must not contain control characters");

/** docs/contract.md "Scopes": what a token may do. */
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/** The access level chosen at creation; it decides the scopes (`ACCESS_SCOPES`). */
export const TokenAccess = z.enum(ACCESS_LEVELS);
export type TokenAccess = z.infer<typeof TokenAccess>;

export const TokenStatus = z.enum(["active", "expired", "revoked"]);
export type TokenStatus = z.infer<typeof TokenStatus>;

/** Who revoked a token: the user on the account page, the operator's CLI, or a rotation's end. */
export const RevokedBy = z.enum(["user", "operator", "rotation"]);
export type RevokedBy = z.infer<typeof RevokedBy>;

/** An overlap a user picks when regenerating a token (`ROTATION_OVERLAPS` gives the seconds). */
export const RotationOverlap = z.enum(Object.keys(ROTATION_OVERLAPS) as [keyof typeof ROTATION_OVERLAPS]);

/** A project id as a request names it. */
export const ProjectId = text().trim().min(1, "a project id must not be empty").max(100);

/** A token as listed: masked, never the secret. */
export const TokenSummary = z.object({
  keyId: z.string(),
  name: z.string(),
  env: TokenEnv,
  masked: z.string(),
  legacy: z.boolean(),
  tier: Tier,
  /** What the token may do (docs/contract.md "Scopes"). */
  scopes: z.array(z.string()),
  access: TokenAccess,
  /** The projects the token may reach; null means all of its owner's projects at each request. */
  projectIds: z.array(z.string()).nullable(),
  status: TokenStatus,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  /** When the token stopped working by expiry; set when `status` is `expired`. */
  expiredAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: RevokedBy.nullable(),
  /** Key ids linking a regeneration or rotation: the token this one replaced, and its successor. */
  rotatedFrom: z.string().nullable(),
  rotatedTo: z.string().nullable(),
});
export type TokenSummary = z.infer<typeof TokenSummary>;

export const TokenList = z.object({ tokens: z.array(TokenSummary) });
export type TokenList = z.infer<typeof TokenList>;

export const TokenListQuery = z.strictObject({
  name: text().max(100).optional(),
  includeRevoked: z.enum(["true", "false"]).optional(),
  /** `true`: the revoked and expired tokens of the last 90 days instead of the active ones. */
  history: z.enum(["true", "false"]).optional(),
});

/** An explicit expiry time: ISO 8601 with a time zone; the API checks it is ahead and within 366 days. */
export const ExpiresAt = z.iso.datetime({
  offset: true,
  error: "expiresAt must be an ISO 8601 date-time with a time zone",
});

const ProjectIds = z
  .array(ProjectId)
  .min(1, "projectIds must name at least one project (null for all projects)")
  .max(100)
  .refine((ids) => new Set(ids).size === ids.length, "projectIds must not repeat a project")
  .nullable();

export const CreateTokenRequest = z
  .strictObject({
    name: TokenName,
    expiresIn: TokenExpiration.optional(),
    expiresAt: ExpiresAt.optional(),
    access: TokenAccess.default("read-write"),
    projectIds: ProjectIds.default(null),
    env: TokenEnv.default("live"),
  })
  .superRefine((body, ctx) => {
    if ((body.expiresIn === undefined) === (body.expiresAt === undefined))
      ctx.addIssue({
        code: "custom",
        path: body.expiresIn === undefined ? ["expiresIn"] : ["expiresAt"],
        message: "give exactly one of expiresIn (30d, 90d, 1y, never) and expiresAt",
      });
  });
export type CreateTokenRequest = z.input<typeof CreateTokenRequest>;

/** Regenerate: a new secret for the same token; the old one works on for the overlap. */
export const RegenerateTokenRequest = z
  .strictObject({
    overlap: RotationOverlap.default("24h"),
    /** Without either, the new token keeps the old one's expiry policy. */
    expiresIn: TokenExpiration.optional(),
    expiresAt: ExpiresAt.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.expiresIn !== undefined && body.expiresAt !== undefined)
      ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "give at most one of expiresIn and expiresAt" });
  });
export type RegenerateTokenRequest = z.input<typeof RegenerateTokenRequest>;

/** The one response that ever holds a token's secret. */
export const CreatedToken = TokenSummary.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

export const RenameTokenRequest = z.strictObject({ name: TokenName });
export type RenameTokenRequest = z.input<typeof RenameTokenRequest>;

export const RotateSelfRequest = z.strictObject({
  /** How long the old token keeps working, 0 to 7 days; a day when not given. */
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(DEFAULT_ROTATION_OVERLAP_SECONDS),
});
export type RotateSelfRequest = z.input<typeof RotateSelfRequest>;

export const RotatedToken = z.object({
  token: CreatedToken,
  previous: z.object({ keyId: z.string(), name: z.string(), expiresAt: z.string() }),
});
export type RotatedToken = z.infer<typeof RotatedToken>;

/** What an organization owner sees: who holds tokens, no secrets. */
export const OrgTokenHolder = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
  tokens: z.array(
    TokenSummary.pick({
      keyId: true,
      name: true,
      env: true,
      createdAt: true,
      expiresAt: true,
      lastUsedAt: true,
      revokedAt: true,
      legacy: true,
      access: true,
      projectIds: true,
      status: true,
    }),
  ),
});
export const OrgTokenHolders = z.object({ holders: z.array(OrgTokenHolder) });
export type OrgTokenHolders = z.infer<typeof OrgTokenHolders>;
