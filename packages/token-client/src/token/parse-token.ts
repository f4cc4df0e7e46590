import { TOKEN_FORMAT } from "@layer/contracts/token-format";
import { maskKeyId, maskPersonal } from "../guidance/display-mask.js";

export type TokenEnv = "live" | "test";

/** Why a pasted value is not a usable token. Each has a sentence a person understands. */
export type TokenProblem =
  | "empty"
  | "whitespace"
  | "quoted"
  | "bearer_prefix"
  | "truncated"
  | "too_long"
  | "key_id_only"
  | "wrong_env"
  | "bad_characters"
  | "unknown_shape";

export interface ParsedToken {
  kind: "personal" | "legacy";
  env?: TokenEnv;
  /** Public and log-safe; for a legacy token `layer_` + its first 8 hex characters. */
  keyId: string;
  masked: string;
  /** The trimmed token itself: the secret. Never log it. */
  value: string;
}

export type TokenParseResult = { ok: true; token: ParsedToken } | { ok: false; problem: TokenProblem; message: string };

export interface ParseTokenOptions {
  expectedEnv?: TokenEnv;
}

const KEY_ID = `[${TOKEN_FORMAT.keyIdAlphabet}]{${TOKEN_FORMAT.keyIdLength}}`;
const PERSONAL = new RegExp(`^lp_(live|test)_(${KEY_ID})_([A-Za-z0-9_-]{${TOKEN_FORMAT.secretLength}})$`);
const LEGACY = new RegExp(`^${TOKEN_FORMAT.legacyPrefix}[0-9a-f]{${TOKEN_FORMAT.legacyHexLength}}$`);
const KEY_ID_ALONE = new RegExp(`^${KEY_ID}$`);
/** `lp_live_<key_id>`, optionally followed by `_`, `_…` or `_...`: the masked form from the token list. */
const KEY_ID_WITH_PREFIX = new RegExp(`^lp_(live|test)_${KEY_ID}(_|_\u2026|_\\.\\.\\.|\u2026)?$`);
const HEAD = /^lp_([a-z]+)_([^_]*)(?:_(.*))?$/s;
const BEARER = /^bearer\b\s*:?\s*/i;
const QUOTES = "\"'`\u2018\u2019\u201c\u201d\u00ab\u00bb";
/** Invisible characters that a copy from a web page or a document can carry at the edges. */
const EDGE_JUNK = /^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$/g;
const INNER_SPACE = /[\s\u200b-\u200d\u2060\ufeff]/;

const MESSAGES: Record<TokenProblem, string> = {
  empty: "No token was entered. Paste the token you created on your Layer account page.",
  whitespace:
    "The token has a space or line break inside it, which often happens when a long value wraps while copying. Copy it again in one piece.",
  quoted: "The token is wrapped in quotation marks. Paste it without the quotes.",
  bearer_prefix: 'The pasted value starts with "Bearer". Paste only the token itself, which starts with "lp_".',
  truncated: "The token is incomplete: part of it was cut off while copying. Copy the whole token again.",
  too_long:
    "The pasted value is longer than a token: something extra was copied along. Copy the token again on its own.",
  key_id_only:
    "This is the token's public ID (as shown in the token list), not the token itself. The full token is shown only once, when it is created: create a new one if you no longer have it.",
  wrong_env: "This token is for the other environment.",
  bad_characters: "The token contains characters a Layer token never has. Copy it again from where you saved it.",
  unknown_shape: 'This does not look like a Layer token. A token starts with "lp_live_" or "lp_test_".',
};

const fail = (problem: TokenProblem, message = MESSAGES[problem]): TokenParseResult => ({
  ok: false,
  problem,
  message,
});

/**
 * The one token parser (docs/contract.md "Tokens"). Never throws and never puts the input in a message:
 * a person sees what went wrong with their paste and how to fix it.
 */
export function parseToken(input: string, opts: ParseTokenOptions = {}): TokenParseResult {
  if (typeof input !== "string") return fail(input == null ? "empty" : "unknown_shape");
  const value = input.replace(EDGE_JUNK, "");
  if (value === "") return fail("empty");

  const first = value.charAt(0);
  const last = value.charAt(value.length - 1);
  if (QUOTES.includes(first) || QUOTES.includes(last)) return fail("quoted");
  if (BEARER.test(value) && value.replace(BEARER, "") !== "") return fail("bearer_prefix");
  if (INNER_SPACE.test(value)) return fail("whitespace");

  const personal = PERSONAL.exec(value);
  if (personal) {
    const env = personal[1] as TokenEnv;
    const keyId = personal[2] as string;
    if (opts.expectedEnv && env !== opts.expectedEnv) {
      return fail(
        "wrong_env",
        `This is a ${env} token, but this connection needs a ${opts.expectedEnv} token (it starts with "lp_${opts.expectedEnv}_").`,
      );
    }
    return { ok: true, token: { kind: "personal", env, keyId, masked: maskPersonal(keyId, env), value } };
  }
  if (LEGACY.test(value)) {
    const keyId = legacyKeyId(value);
    return { ok: true, token: { kind: "legacy", keyId, masked: maskKeyId(keyId) ?? "\u2026", value } };
  }
  return diagnose(value);
}

/**
 * The key_id of a value that is exactly a well-formed token, nothing to clean or diagnose, else
 * null: a server's hot path, which calls parseToken only for a value this refuses (to accept a
 * paste parseToken can clean, or to say why not).
 */
export function exactTokenKeyId(value: string): string | null {
  const personal = PERSONAL.exec(value);
  if (personal) return personal[2]!;
  return LEGACY.test(value) ? legacyKeyId(value) : null;
}

export function legacyKeyId(value: string): string {
  return value.slice(0, TOKEN_FORMAT.legacyPrefix.length + 8);
}

/** Why a trimmed, unquoted, space-free value is not a token: the most specific reason wins. */
function diagnose(value: string): TokenParseResult {
  if (KEY_ID_ALONE.test(value) || KEY_ID_WITH_PREFIX.test(value)) return fail("key_id_only");

  if (value.startsWith(TOKEN_FORMAT.legacyPrefix)) {
    const hex = value.slice(TOKEN_FORMAT.legacyPrefix.length);
    if (!/^[0-9a-f]*$/.test(hex)) return fail("bad_characters");
    return fail(hex.length < TOKEN_FORMAT.legacyHexLength ? "truncated" : "too_long");
  }

  // A strict prefix of a token's fixed head ("lp_", "lp_li", "lp_live_ABC"): cut off while copying.
  if (value.length < 8 && "lp_live_".startsWith(value)) return fail("truncated");
  if (value.length < 8 && "lp_test_".startsWith(value)) return fail("truncated");

  const head = HEAD.exec(value);
  if (!head) return fail("unknown_shape");
  const env = head[1] as string;
  const keyId = head[2] as string;
  const secret = head[3];
  if (env !== "live" && env !== "test") {
    return fail("unknown_shape", 'This does not look like a Layer token: it must start with "lp_live_" or "lp_test_".');
  }
  if (keyId.length !== TOKEN_FORMAT.keyIdLength)
    return fail(keyId.length < TOKEN_FORMAT.keyIdLength ? "truncated" : "too_long");
  if (!KEY_ID_ALONE.test(keyId)) return fail("bad_characters");
  if (secret === undefined) return fail("key_id_only");
  if (!/^[A-Za-z0-9_-]*$/.test(secret)) return fail("bad_characters");
  return fail(secret.length < TOKEN_FORMAT.secretLength ? "truncated" : "too_long");
}
