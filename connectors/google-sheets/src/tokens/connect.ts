import { maskToken, parseToken } from "@layer/token-client/sync";
import type { WhoamiWithProjects as Whoami } from "@layer/contracts";
import { createBudget, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS } from "../budget.js";
import { activeSpreadsheet, type AddonContext, UserFacingError } from "../context.js";
import { layerClient } from "./layer-client.js";
import { chooseToken, saveToken, type StoredToken, tokenView, type TokenView } from "./token-store.js";

/** Checks the pasted text's shape locally, so a paste mistake never reaches the network. */
export function checkPastedToken(pasted: string): { value: string; keyId: string } {
  const parsed = parseToken(String(pasted ?? ""));
  if (!parsed.ok) throw new UserFacingError(parsed.message);
  return { value: parsed.token.value, keyId: parsed.token.keyId };
}

/** Asks Layer who the token belongs to; a 401 or a kill switch surfaces as the client's error. */
export function verifyToken(ctx: AddonContext, secret: string): Whoami {
  const budget = createBudget(ctx.now, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS);
  return layerClient(ctx, secret, budget).whoami();
}

export function storedTokenFrom(secret: string, whoami: Whoami, now: number): StoredToken {
  return {
    name: whoami.token.name,
    keyId: whoami.token.keyId,
    masked: maskToken(secret),
    secret,
    env: whoami.token.env,
    legacy: whoami.token.legacy,
    user: { id: whoami.user.id, name: whoami.user.name, email: whoami.user.email },
    expiresAt: whoami.token.expiresAt,
    connectedAt: new Date(now).toISOString(),
    problem: null,
  };
}

/** Connect token: shape check, whoami, then store in the user's properties and choose it here. */
export function connectToken(ctx: AddonContext, pasted: string): TokenView {
  const { value } = checkPastedToken(pasted);
  const whoami = verifyToken(ctx, value);
  const token = storedTokenFrom(value, whoami, ctx.now());
  saveToken(ctx, token);
  chooseToken(ctx, activeSpreadsheet(ctx).getId(), token);
  return tokenView(token);
}
