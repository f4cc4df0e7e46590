import { describe, expect, it } from "vitest";
import { parseToken } from "@layer/token-client";
import { TOKEN_FORMAT } from "@layer/contracts/token-format";
import { BcryptBusyError, BcryptGate, hashSecret, TOKEN_BCRYPT_COST } from "./hashing.js";
import { formatToken, generateKeyId, generateLegacyToken, generateSecret, tokenDigest } from "./secrets.js";

describe("token secrets", () => {
  it("makes 16-character Crockford key ids and 43-character base64url secrets", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = generateKeyId();
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
      ids.add(id);
      expect(generateSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(ids.size).toBe(500);
  });

  it("formats tokens of 68 characters, under bcrypt's 72-byte limit, that the shared parser accepts", () => {
    const token = formatToken("test", generateKeyId(), generateSecret());
    expect(token.length).toBe(TOKEN_FORMAT.tokenLength);
    expect(Buffer.byteLength(token)).toBeLessThan(72);
    const parsed = parseToken(token);
    expect(parsed.ok && parsed.token.env).toBe("test");
    const legacy = generateLegacyToken();
    expect(Buffer.byteLength(legacy.token)).toBeLessThan(72);
    const parsedLegacy = parseToken(legacy.token);
    expect(parsedLegacy.ok && parsedLegacy.token.keyId).toBe(legacy.keyId);
  });

  it("keys the cache by a digest that holds no part of the secret", () => {
    const secret = generateSecret();
    const digest = tokenDigest(formatToken("live", generateKeyId(), secret));
    expect(digest).toHaveLength(43);
    expect(digest).not.toContain(secret.slice(0, 8));
  });

  it("hashes tokens with bcrypt cost 12 by default", async () => {
    expect(TOKEN_BCRYPT_COST).toBe(12);
    const hash = await hashSecret(formatToken("live", generateKeyId(), generateSecret()));
    expect(hash).toMatch(/^\$2b\$12\$/);
  });

  it("refuses at once when the bound of verifications in flight is reached", async () => {
    const hash = await hashSecret("value", 8);
    const gate = new BcryptGate(2);
    const running = [gate.verify("value", hash), gate.verify("wrong", hash)];
    await expect(gate.verify("value", hash)).rejects.toBeInstanceOf(BcryptBusyError);
    expect(await Promise.all(running)).toEqual([true, false]);
    expect(await gate.verify("value", hash)).toBe(true);
  });
});
