import { hash, randomBytes } from "node:crypto";
import { TOKEN_FORMAT } from "@layer/contracts/token-format";
import type { TokenEnv } from "@layer/contracts";

/**
 * 16 Crockford base32 characters from 10 random bytes (80 bits, 5 bits per character, so the
 * mapping is unbiased).
 */
export function generateKeyId(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += TOKEN_FORMAT.keyIdAlphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** 32 CSPRNG bytes as unpadded base64url: 43 characters. */
export function generateSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function formatToken(env: TokenEnv, keyId: string, secret: string): string {
  return `${TOKEN_FORMAT.prefix}${env}_${keyId}_${secret}`;
}

/** A legacy single-token value (`layer_` + 64 lower-case hex) and its key_id (`layer_` + 8 hex). */
export function generateLegacyToken(): { token: string; keyId: string } {
  const hex = randomBytes(32).toString("hex");
  return { token: `${TOKEN_FORMAT.legacyPrefix}${hex}`, keyId: `${TOKEN_FORMAT.legacyPrefix}${hex.slice(0, 8)}` };
}

/** The verification cache's key: a digest of the whole token, so the cache never holds a secret. */
export function tokenDigest(token: string): string {
  // The one-shot hash: no Hash object per request (it runs on every authenticated request).
  return hash("sha256", token, "base64url");
}

export function maskedToken(env: TokenEnv, keyId: string, legacy: boolean): string {
  return legacy ? `${keyId}…` : `${TOKEN_FORMAT.prefix}${env}_${keyId}_…`;
}
