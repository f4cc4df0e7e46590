import { z } from "zod";
import { Tier } from "./errors.js";
import { text } from "./text.js";

/**
 * Token shape facts (docs/contract.md, "Tokens"). Kept as plain constants so that the token client
 * can import them without pulling zod into the Apps Script bundle.
 */
export { TOKEN_FORMAT } from "./token-format.js";

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

/** A token as listed: masked, never the secret. */
export const TokenSummary = z.object({
  keyId: z.string(),
  name: z.string(),
  env: TokenEnv,
  masked: z.string(),
  legacy: z.boolean(),
  tier: Tier,
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenSummary = z.infer<typeof TokenSummary>;

export const TokenList = z.object({ tokens: z.array(TokenSummary) });
export type TokenList = z.infer<typeof TokenList>;

export const TokenListQuery = z.strictObject({
  name: text().max(100).optional(),
  includeRevoked: z.enum(["true", "false"]).optional(),
});

export const CreateTokenRequest = z.strictObject({
  name: TokenName,
  expiresIn: TokenExpiration,
  env: TokenEnv.default("live"),
});
export type CreateTokenRequest = z.input<typeof CreateTokenRequest>;

/** The one response that ever holds a token's secret. */
export const CreatedToken = TokenSummary.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

export const RenameTokenRequest = z.strictObject({ name: TokenName });
export type RenameTokenRequest = z.input<typeof RenameTokenRequest>;

export const RotateSelfRequest = z.strictObject({
  /** How long the old token keeps working, 0 to 7 days. */
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(0),
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
    }),
  ),
});
export const OrgTokenHolders = z.object({ holders: z.array(OrgTokenHolder) });
export type OrgTokenHolders = z.infer<typeof OrgTokenHolders>;
