import { rotationAdvice } from "@layer/token-client/sync";
import { accountUrl, type AddonContext } from "../context.js";
import type { StoredToken } from "./token-store.js";

export interface Banner {
  severity: "error" | "warning" | "info";
  message: string;
  createUrl: string | null;
}

/** A broken token, or one that expires within 14 days: shown at open and after each refresh. */
export function tokenBanner(ctx: AddonContext, token: StoredToken | null, documentName: string): Banner | null {
  if (!token) return null;
  if (token.problem) return { severity: "error", message: token.problem.message, createUrl: null };
  if (!token.expiresAt) return null;
  const advice = rotationAdvice({
    expiresAt: token.expiresAt,
    tokenName: token.name,
    keyId: token.keyId,
    now: ctx.now(),
    tool: "Google Sheets",
    documentName,
    accountUrl: accountUrl(ctx.config),
  });
  if (!advice || (advice.reason !== "expiring_soon" && advice.reason !== "expired")) return null;
  return { severity: advice.severity, message: advice.message, createUrl: advice.createUrl };
}
