import type { TokenList, TokenSummary } from "@layer/contracts";
import { api } from "./api.js";

/**
 * The signed-in user's tokens as last read: the active ones and the history (revoked and expired).
 * Kept together so a regenerated token can link to its predecessor or successor in either list.
 */
export const tokens: { active: TokenSummary[]; history: TokenSummary[] } = { active: [], history: [] };

export async function readTokens(): Promise<void> {
  const [active, history] = await Promise.all([
    api<TokenList>("GET", "/v1/tokens"),
    api<TokenList>("GET", "/v1/tokens?history=true"),
  ]);
  tokens.active = active.tokens;
  tokens.history = history.tokens;
}

export function tokenByKeyId(keyId: string): { token: TokenSummary; inHistory: boolean } | null {
  const active = tokens.active.find((t) => t.keyId === keyId);
  if (active) return { token: active, inHistory: false };
  const past = tokens.history.find((t) => t.keyId === keyId);
  return past ? { token: past, inHistory: true } : null;
}

/** The name filter, the same case-insensitive substring the API's `name` query applies. */
export function matchesFilter(token: TokenSummary, filter: string): boolean {
  return !filter || token.name.toLowerCase().includes(filter.toLowerCase());
}
