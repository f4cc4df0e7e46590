import type { TokenSummary } from "@layer/contracts";
import type { UsageRecorder } from "../auth/usage-recorder.js";
import type { TokenRecord } from "../tokens/token-repository.js";
import { toTokenSummary } from "../tokens/token-summary.js";

/**
 * last_used_at is written behind, about once a minute; the page shows the use the server
 * already saw, as whoami does, so "Last used" is right the moment after a connector called.
 */
export function lastUsedAt(token: { keyId: string; lastUsedAt: string | null }, usage: UsageRecorder): string | null {
  const pending = usage.lastUsed(token.keyId);
  if (pending && (!token.lastUsedAt || pending.getTime() > Date.parse(token.lastUsedAt))) return pending.toISOString();
  return token.lastUsedAt;
}

export function withRecentUse(record: TokenRecord, usage: UsageRecorder, now: Date): TokenSummary {
  const summary = toTokenSummary(record, now);
  return { ...summary, lastUsedAt: lastUsedAt(summary, usage) };
}
