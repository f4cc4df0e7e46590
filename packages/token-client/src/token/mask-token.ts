import { parseToken } from "./parse-token.js";

const PERSONAL_HEAD = /^lp_(live|test)_([0-9A-HJKMNP-TV-Z]{16})(?=_|$)/;

/**
 * The display form of a token: `lp_live_<key_id>_…` or `layer_<8 hex>…`, never more.
 * Anything that is not recognisably a token masks to a bare `…`: a paste gone wrong may hold a
 * secret in any position, so nothing of it is shown.
 */
export function maskToken(token: string): string {
  const parsed = parseToken(token);
  if (parsed.ok) return parsed.token.masked;
  if (typeof token !== "string") return "\u2026";
  const head = PERSONAL_HEAD.exec(token.trim());
  return head ? `lp_${head[1]}_${head[2]}_\u2026` : "\u2026";
}
