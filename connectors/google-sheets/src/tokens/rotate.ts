import { tokensEqual } from "@layer/token-client/sync";
import { createBudget, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS } from "../budget.js";
import { accountUrl, activeSpreadsheet, type AddonContext, NoTokenError, UserFacingError } from "../context.js";
import { checkPastedToken, storedTokenFrom, verifyToken } from "./connect.js";
import { layerClient } from "./layer-client.js";
import {
  chooseToken,
  currentToken,
  forgetToken,
  replaceChoices,
  saveToken,
  type StoredToken,
  tokenView,
  type TokenView,
} from "./token-store.js";

export type RotationResult =
  | { status: "confirm_other_user"; message: string }
  | {
      status: "switched";
      token: TokenView;
      /** The token replaced: revoke it on the account page (self-rotation: it expires by itself). */
      previous: { name: string; keyId: string; expiresAt: string | null };
      revokeUrl: string;
      message: string;
    };

function switchTo(ctx: AddonContext, old: StoredToken, next: StoredToken): void {
  // The same user keeps the organization they picked; another user's token starts with all of theirs.
  if (next.user.id === old.user.id) next.organization = old.organization ?? null;
  saveToken(ctx, next);
  chooseToken(ctx, activeSpreadsheet(ctx).getId(), next);
  replaceChoices(ctx, old.keyId, next.keyId);
  // The old secret is no use to the add-on any more and should not outlive the switch here.
  if (old.keyId !== next.keyId) forgetToken(ctx, old.keyId);
}

/**
 * Rotation in the safe order (product docs: create, update the integration, then revoke):
 * the new token was created on the account page; here it is checked, verified, switched to,
 * and only then is the old one named for revocation.
 */
export function rotateToken(
  ctx: AddonContext,
  pasted: string,
  options: { confirmOtherUser?: boolean } = {},
): RotationResult {
  const old = currentToken(ctx, activeSpreadsheet(ctx).getId());
  if (!old) throw new NoTokenError();
  const { value, keyId } = checkPastedToken(pasted);
  if (keyId === old.keyId || tokensEqual(value, old.secret)) {
    throw new UserFacingError(
      `That is the token already in use ("${old.name}"). Create a new token on the account page and paste that one.`,
    );
  }
  const whoami = verifyToken(ctx, value);
  if (whoami.user.id !== old.user.id && !options.confirmOtherUser) {
    return {
      status: "confirm_other_user",
      message: `This token belongs to ${whoami.user.name} (${whoami.user.email}), not ${old.user.name}. Imports will then see ${whoami.user.name}'s projects. Switch anyway?`,
    };
  }
  const next = storedTokenFrom(value, whoami, ctx.now());
  switchTo(ctx, old, next);
  return {
    status: "switched",
    token: tokenView(next),
    previous: { name: old.name, keyId: old.keyId, expiresAt: old.expiresAt },
    revokeUrl: accountUrl(ctx.config),
    message: `Now using "${next.name}". Revoke the old token "${old.name}" (${old.keyId}) on the account page.`,
  };
}

/** One click: the API issues the successor and lets the old token live for the grace window. */
export function rotateSelf(ctx: AddonContext, graceDays: number): RotationResult {
  const old = currentToken(ctx, activeSpreadsheet(ctx).getId());
  if (!old) throw new NoTokenError();
  const days = Math.min(7, Math.max(0, Math.floor(Number(graceDays) || 0)));
  const budget = createBudget(ctx.now, EXECUTION_LIMIT_MS, EXECUTION_RESERVE_MS);
  const rotated = layerClient(ctx, old.secret, budget).rotateSelf({ graceSeconds: days * 86_400 });
  const whoami = verifyToken(ctx, rotated.token.token);
  const next = storedTokenFrom(rotated.token.token, whoami, ctx.now());
  switchTo(ctx, old, next);
  return {
    status: "switched",
    token: tokenView(next),
    previous: { name: rotated.previous.name, keyId: rotated.previous.keyId, expiresAt: rotated.previous.expiresAt },
    revokeUrl: accountUrl(ctx.config),
    message: `Now using the successor of "${old.name}". The old key ${rotated.previous.keyId} keeps working until ${rotated.previous.expiresAt.slice(0, 16).replace("T", " ")} UTC.`,
  };
}
