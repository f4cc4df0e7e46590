import type { TokenList, TokenSummary } from "@layer/contracts";
import { api } from "./api.js";

/**
 * The active tokens already called `name` (ignoring case and outer spaces): two tokens of one name
 * cannot be told apart in an integration's settings, so the page asks before adding another.
 */
export async function tokensNamed(name: string): Promise<TokenSummary[]> {
  const wanted = name.trim().toLowerCase();
  const { tokens } = await api<TokenList>("GET", `/v1/tokens?name=${encodeURIComponent(name.trim())}`);
  return tokens.filter((t) => t.name.trim().toLowerCase() === wanted);
}
