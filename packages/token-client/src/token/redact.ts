import { maskToken } from "./mask-token.js";
import { parseToken } from "./parse-token.js";

/** Anything shaped like a token, in any text (a server message, a URL, an exception from a transport). */
const TOKEN_LIKE = /lp_(?:live|test)_[0-9A-Za-z]{16}_[A-Za-z0-9_-]+|layer_[0-9a-fA-F]{16,}/g;

/**
 * Masks every token-shaped substring and every occurrence of the known secret. Errors pass their
 * messages and details through here, so that a secret echoed by a server or a transport never
 * reaches a log line.
 */
export function redactSecrets(text: string, knownSecret?: string): string {
  let out = String(text);
  if (knownSecret && knownSecret.length >= 8) {
    out = out.split(knownSecret).join(maskToken(knownSecret));
    // The secret part alone too: a server or proxy may echo just what follows the key_id.
    const part = secretPart(knownSecret);
    if (part.length >= 8) out = out.split(part).join("\u2026");
  }
  return out.replace(TOKEN_LIKE, (m) => maskToken(m));
}

/** The same over a JSON-like value (error `details`), depth-bounded so hostile input cannot recurse forever. */
export function redactDeep(value: unknown, knownSecret?: string, depth = 0): unknown {
  if (typeof value === "string") return redactSecrets(value, knownSecret);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, knownSecret, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, knownSecret, depth + 1);
  return out;
}

function secretPart(token: string): string {
  const parsed = parseToken(token);
  if (!parsed.ok) return token;
  return parsed.token.kind === "personal"
    ? token.slice(`lp_${parsed.token.env}_${parsed.token.keyId}_`.length)
    : token.slice("layer_".length);
}
