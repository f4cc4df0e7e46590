import { describe, expect, it } from "vitest";
import { LEGACY_TOKEN, makeToken } from "../test-support/tokens.js";
import { maskToken } from "./mask-token.js";
import { redactSecrets } from "./redact.js";
import { tokensEqual } from "./tokens-equal.js";

const { token, keyId, secret } = makeToken(11);

describe("maskToken", () => {
  it("shows the env and key_id of a personal token, never the secret", () => {
    expect(maskToken(token)).toBe(`lp_live_${keyId}_\u2026`);
  });

  it("shows a legacy token's prefix and first 8 hex characters only", () => {
    expect(maskToken(LEGACY_TOKEN)).toBe("layer_01234567\u2026");
  });

  it("shows the key_id of a damaged personal token but nothing after it", () => {
    expect(maskToken(token.slice(0, 50))).toBe(`lp_live_${keyId}_\u2026`);
  });

  it("hides anything unrecognisable entirely", () => {
    expect(maskToken("hunter2-my-password")).toBe("\u2026");
    expect(maskToken(`"${secret}"`)).toBe("\u2026");
  });
});

describe("redactSecrets", () => {
  it("masks token-shaped text and the known secret anywhere in a message", () => {
    const text = `bad key ${token} and ${LEGACY_TOKEN}; raw ${secret}`;
    const out = redactSecrets(text, token);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(LEGACY_TOKEN);
    expect(out).toContain(`lp_live_${keyId}_\u2026`);
  });
});

describe("tokensEqual", () => {
  it("is true only for identical strings", () => {
    expect(tokensEqual(token, `${token}`)).toBe(true);
    expect(tokensEqual(token, makeToken(12).token)).toBe(false);
    expect(tokensEqual(token, token.slice(0, -1))).toBe(false);
    expect(tokensEqual(token.slice(0, -1), token)).toBe(false);
    expect(tokensEqual("", "")).toBe(true);
    expect(tokensEqual("a", "")).toBe(false);
    expect(tokensEqual("\u0100", "\u0000")).toBe(false);
    expect(tokensEqual(undefined as unknown as string, undefined as unknown as string)).toBe(false);
  });
});
