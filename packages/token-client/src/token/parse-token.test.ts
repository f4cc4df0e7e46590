import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TOKEN_FORMAT } from "@layer/contracts/token-format";
import { LEGACY_TOKEN, makeToken } from "../test-support/tokens.js";
import { maskToken } from "./mask-token.js";
import { exactTokenKeyId, parseToken, type TokenProblem } from "./parse-token.js";

const { token, keyId, secret } = makeToken(7);

describe("parseToken accepts", () => {
  it("a personal token, with its env, key_id and masked form", () => {
    expect(parseToken(token)).toEqual({
      ok: true,
      token: { kind: "personal", env: "live", keyId, masked: `lp_live_${keyId}_\u2026`, value: token },
    });
  });

  it("a secret holding underscores and dashes, splitting on the first three underscores only", () => {
    const t = `lp_test_${keyId}_${"_-".repeat(21)}a`;
    const r = parseToken(t);
    expect(r.ok && r.token.keyId).toBe(keyId);
    expect(r.ok && r.token.env).toBe("test");
  });

  it("a paste with surrounding spaces, tabs, line breaks and invisible characters, trimmed", () => {
    const r = parseToken(` \t\u200b${token}\r\n\ufeff`);
    expect(r.ok && r.token.value).toBe(token);
  });

  it("a legacy token, keyed by its first 8 hex characters", () => {
    expect(parseToken(LEGACY_TOKEN)).toEqual({
      ok: true,
      token: { kind: "legacy", keyId: "layer_01234567", masked: "layer_01234567\u2026", value: LEGACY_TOKEN },
    });
  });

  it("a token of the expected env", () => {
    expect(parseToken(token, { expectedEnv: "live" }).ok).toBe(true);
  });

  it("keeps the contract's length of 68 characters", () => {
    expect(token).toHaveLength(TOKEN_FORMAT.tokenLength);
  });
});

describe("parseToken explains each problem", () => {
  const cases: Array<[string, string, TokenProblem]> = [
    ["empty", "", "empty"],
    ["only spaces", "   \n ", "empty"],
    ["double quotes", `"${token}"`, "quoted"],
    ["single quotes", `'${token}'`, "quoted"],
    ["smart quotes", `\u201c${token}\u201d`, "quoted"],
    ["one trailing quote", `${token}"`, "quoted"],
    ["a Bearer prefix", `Bearer ${token}`, "bearer_prefix"],
    ["a lower-case bearer: prefix", `bearer:${token}`, "bearer_prefix"],
    ["a line break inside", `${token.slice(0, 30)}\n${token.slice(30)}`, "whitespace"],
    ["a space inside", `${token.slice(0, 30)} ${token.slice(30)}`, "whitespace"],
    ["a truncated secret", token.slice(0, 60), "truncated"],
    ["a truncated key_id", token.slice(0, 15), "truncated"],
    ["a key_id missing a character, secret intact", `lp_live_${keyId.slice(1)}_${secret}`, "truncated"],
    ["only the head", "lp_li", "truncated"],
    ["a secret pasted twice", token + secret, "too_long"],
    ["the key_id alone", keyId, "key_id_only"],
    ["the key_id with its prefix", `lp_live_${keyId}`, "key_id_only"],
    ["the masked form from the list", `lp_live_${keyId}_\u2026`, "key_id_only"],
    ["the masked form typed with dots", `lp_live_${keyId}_...`, "key_id_only"],
    ["an unknown env", `lp_prod_${keyId}_${secret}`, "unknown_shape"],
    ["a lower-case key_id", `lp_live_${keyId.toLowerCase()}_${secret}`, "bad_characters"],
    ["a key_id with letters Crockford excludes", `lp_live_${"O".repeat(16)}_${secret}`, "bad_characters"],
    ["a secret with a non-base64url character", `lp_live_${keyId}_${secret.slice(0, 42)}+`, "bad_characters"],
    ["a legacy token cut short", LEGACY_TOKEN.slice(0, 40), "truncated"],
    ["a legacy token too long", `${LEGACY_TOKEN}ab`, "too_long"],
    ["a legacy token in upper case", LEGACY_TOKEN.toUpperCase().replace("LAYER_", "layer_"), "bad_characters"],
    ["something else", "hello-world", "unknown_shape"],
    ["a GitHub token", `ghp_${secret}`, "unknown_shape"],
  ];

  it.each(cases)("%s", (_name, input, problem) => {
    const r = parseToken(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem).toBe(problem);
      expect(r.message.length).toBeGreaterThan(20);
    }
  });

  it("a token of the other env, naming both", () => {
    const r = parseToken(makeToken(3, "test").token, { expectedEnv: "live" });
    expect(r).toMatchObject({ ok: false, problem: "wrong_env" });
    expect(!r.ok && r.message).toMatch(/test token.*live token/);
  });

  it("non-strings without throwing", () => {
    expect(parseToken(undefined as unknown as string)).toMatchObject({ ok: false, problem: "empty" });
    expect(parseToken(42 as unknown as string)).toMatchObject({ ok: false, problem: "unknown_shape" });
  });
});

const keyIdArb = fc.string({ unit: fc.constantFrom(...TOKEN_FORMAT.keyIdAlphabet), minLength: 16, maxLength: 16 });
const secretArb = fc.string({
  unit: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
  minLength: 43,
  maxLength: 43,
});
const envArb = fc.constantFrom("live" as const, "test" as const);

describe("parseToken properties", () => {
  it("never throws, and never puts the input in its message", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })), (input) => {
        const r = parseToken(input);
        if (!r.ok && input.trim().length >= 6) expect(r.message.includes(input.trim())).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("parses every generated token back into its parts and masks it without its secret", () => {
    fc.assert(
      fc.property(envArb, keyIdArb, secretArb, (env, keyId, secret) => {
        const t = `lp_${env}_${keyId}_${secret}`;
        const r = parseToken(t);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.token).toEqual({ kind: "personal", env, keyId, masked: `lp_${env}_${keyId}_\u2026`, value: t });
        expect(maskToken(t)).toBe(r.token.masked);
        expect(r.token.masked.includes(secret.slice(0, 4))).toBe(secret.slice(0, 4).length === 0);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses a generated token with any one character removed, never accepting a damaged paste", () => {
    fc.assert(
      fc.property(envArb, keyIdArb, secretArb, fc.nat(67), (env, keyId, secret, at) => {
        const t = `lp_${env}_${keyId}_${secret}`;
        expect(parseToken(t.slice(0, at) + t.slice(at + 1)).ok).toBe(false);
      }),
    );
  });
});

describe("exactTokenKeyId, the server's first look", () => {
  it("gives the key_id parseToken gives for a token as issued, personal or legacy", () => {
    fc.assert(
      fc.property(envArb, keyIdArb, secretArb, (env, keyId, secret) => {
        expect(exactTokenKeyId(`lp_${env}_${keyId}_${secret}`)).toBe(keyId);
      }),
      { numRuns: 500 },
    );
    const legacy = parseToken(LEGACY_TOKEN);
    expect(legacy.ok && exactTokenKeyId(LEGACY_TOKEN)).toBe(legacy.ok && legacy.token.keyId);
  });

  it("accepts nothing parseToken refuses, and nothing that needed cleaning first", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc.constantFrom(
            ` ${token}`,
            `"${token}"`,
            `Bearer ${token}`,
            `${token}\u200b`,
            token.slice(0, -1),
            `${token}x`,
          ),
        ),
        (input) => {
          const keyId = exactTokenKeyId(input);
          if (keyId === null) return;
          const parsed = parseToken(input);
          expect(parsed.ok && parsed.token.value === input && parsed.token.keyId === keyId).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
    for (const pasted of [
      ` ${token}`,
      `"${token}"`,
      `Bearer ${token}`,
      `${token}\u200b`,
      token.slice(0, -1),
      `${token}x`,
    ])
      expect(exactTokenKeyId(pasted)).toBeNull();
  });
});
