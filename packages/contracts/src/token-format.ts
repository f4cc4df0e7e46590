/**
 * The token's shape as plain data (no zod): the token client's parser and the API share it.
 * `lp_<env>_<key_id>_<secret>`: key_id 16 Crockford base32 upper case, secret 43 base64url.
 */
export const TOKEN_FORMAT = {
  prefix: "lp_",
  envs: ["live", "test"] as const,
  keyIdLength: 16,
  keyIdAlphabet: "0123456789ABCDEFGHJKMNPQRSTVWXYZ",
  secretLength: 43,
  /** lp_ + env(4) + _ + 16 + _ + 43 */
  tokenLength: 68,
  legacyPrefix: "layer_",
  legacyHexLength: 64,
} as const;
