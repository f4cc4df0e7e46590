import {
  AuthenticationError,
  KillSwitchError,
  LayerError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
  rotationAdvice,
  ValidationError,
} from "@layer/token-client/sync";
import { accountUrl, type AddonContext, NoTokenError, UserFacingError } from "../context.js";
import { markProblem, type StoredToken } from "./token-store.js";

export type FailureKind =
  | "token_broken"
  | "kill_switch"
  | "rate_limited"
  | "unavailable"
  | "not_found"
  | "no_token"
  | "other";

/** What went wrong, in the analyst's words, and what to do; never holds a secret. */
export interface Failure {
  kind: FailureKind;
  message: string;
  /** When trying again makes sense (429, 503), as an ISO instant. */
  retryAt: string | null;
  tokenName: string | null;
  keyId: string | null;
  /** Steps of the rotation guidance for a broken token, in the safe order. */
  steps: string[];
  createUrl: string | null;
}

function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 10) : "";
}

function time(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16) + " UTC";
}

/**
 * Turns an error into a Failure and records what it proves about the token: a 401 marks it
 * broken (it is never retried), a kill switch marks it disabled so scheduled runs skip it.
 */
export function describeFailure(
  ctx: AddonContext,
  error: unknown,
  token: StoredToken | null,
  documentName?: string,
): Failure {
  // A token being connected is not stored yet: the 401's details may still name it.
  const tokenName = token?.name ?? (error instanceof AuthenticationError ? (error.tokenName ?? null) : null);
  const keyId = token?.keyId ?? (error instanceof AuthenticationError ? (error.keyId ?? null) : null);
  const named = tokenName ? `token "${tokenName}"` : "this token";
  const base = { tokenName, keyId, steps: [] as string[], createUrl: null, retryAt: null };

  if (error instanceof AuthenticationError) {
    const advice = rotationAdvice({
      error,
      tokenName: tokenName ?? undefined,
      keyId: keyId ?? undefined,
      now: ctx.now(),
      tool: "Google Sheets",
      documentName,
      accountUrl: accountUrl(ctx.config),
    });
    const why =
      error.reason === "revoked"
        ? `was revoked on ${day(error.revokedAt)}`
        : error.reason === "expired"
          ? `expired on ${day(error.expiredAt)}`
          : "was not accepted by Layer";
    const message = token
      ? `Layer ${named} ${why}. Rotate it: Extensions › Layer › Rotate token.`
      : `Layer ${named} ${why}. Create a new token on the account page and paste that one.`;
    if (token)
      markProblem(ctx, token.keyId, {
        kind: "unauthenticated",
        reason: error.reason,
        message,
        at: new Date(ctx.now()).toISOString(),
      });
    return { ...base, kind: "token_broken", message, steps: advice?.steps ?? [], createUrl: advice?.createUrl ?? null };
  }
  if (error instanceof KillSwitchError) {
    const message = `An administrator disabled Layer ${named}. Nothing will be retried; scheduled refreshes skip until a working token is connected.`;
    if (token)
      markProblem(ctx, token.keyId, {
        kind: "kill_switch",
        reason: error.scope,
        message,
        at: new Date(ctx.now()).toISOString(),
      });
    return { ...base, kind: "kill_switch", message };
  }
  if (error instanceof RateLimitError) {
    const retryAt = ctx.now() + (error.retryAfterMs ?? 60_000);
    return {
      ...base,
      kind: "rate_limited",
      retryAt: new Date(retryAt).toISOString(),
      message: `Layer is rate-limiting ${named}. Try again after ${time(retryAt)}.`,
    };
  }
  if (error instanceof ServiceUnavailableError) {
    const retryAt = ctx.now() + (error.retryAfterMs ?? 60_000);
    return {
      ...base,
      kind: "unavailable",
      retryAt: new Date(retryAt).toISOString(),
      message: `Layer is unavailable right now. Try again after ${time(retryAt)}.`,
    };
  }
  if (error instanceof NotFoundError) {
    return {
      ...base,
      kind: "not_found",
      message: `Not found with ${named}: the project or table is gone, or its owner has no access to it.`,
    };
  }
  if (error instanceof ValidationError) {
    // The API names the character and the problem ("character 8: cannot compare number with string").
    const issue = error.issues.find((i) => i.path === "query.filter" || i.path === "query.sort");
    if (issue) {
      const what = issue.path === "query.sort" ? "sort" : "filter";
      return {
        ...base,
        kind: "other",
        message: `Layer cannot use this ${what}: ${issue.message}. Edit the ${what} and try again.`,
      };
    }
  }
  if (error instanceof LayerError) {
    return {
      ...base,
      kind: "other",
      message: `Layer answered ${error.status || "nothing"} (${error.code}) for ${named}. Request ${error.requestId}.`,
    };
  }
  if (error instanceof NoTokenError) return { ...base, kind: "no_token", message: error.message };
  if (error instanceof UserFacingError) return { ...base, kind: "other", message: error.message };
  return {
    ...base,
    kind: "other",
    message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}`,
  };
}
