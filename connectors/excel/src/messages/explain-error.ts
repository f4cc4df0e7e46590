import {
  AuthenticationError,
  ConnectionError,
  ForbiddenScopeError,
  KillSwitchError,
  LayerError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
  TimeoutError,
  ValidationError,
  rotationAdvice,
} from "@layer/token-client";
import { accountUrl } from "../config.js";
import { BackoffPendingError } from "../api/backoff-deadline.js";
import { NotConnectedError } from "../api/session.js";

export interface ErrorContext {
  tokenName: string | undefined;
  keyId: string | undefined;
  apiBase: string;
  now: number;
  documentName?: string | undefined;
}

/** What a person reads: in the task pane (title + message + steps) and in a cell (`cell`). */
export interface Explanation {
  kind:
    | "auth"
    | "kill_switch"
    | "rate_limited"
    | "unavailable"
    | "not_found"
    | "bad_input"
    | "offline"
    | "not_connected"
    | "other";
  title: string;
  message: string;
  steps: string[];
  /** Which in-cell error: custom messages exist only on #VALUE! and #N/A (PLATFORM.md). */
  cellError: "#N/A" | "#VALUE!";
  /** One short line for a cell's error tooltip. */
  cell: string;
  retryAt?: number;
}

function at(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/**
 * Turns a token-client error into words that name the token and say what to do. The mapping of
 * HTTP statuses to errors, and the retrying, happened in the token client; this only explains.
 */
export function explainError(error: unknown, ctx: ErrorContext): Explanation {
  const token = ctx.tokenName ? `"${ctx.tokenName}"` : "the connected token";
  const keyPart = ctx.keyId ? ` (key ${ctx.keyId})` : "";

  if (error instanceof NotConnectedError) {
    return {
      kind: "not_connected",
      title: "No token connected",
      message: error.message,
      steps: [],
      cellError: "#N/A",
      cell: "No Layer token connected: open the Layer pane and connect one.",
    };
  }
  if (error instanceof BackoffPendingError) {
    return rateLimited(error.retryAt, token);
  }
  if (error instanceof AuthenticationError) {
    const advice = rotationAdvice({
      error,
      now: ctx.now,
      tool: "Excel",
      documentName: ctx.documentName,
      accountUrl: accountUrl(ctx.apiBase),
      ...(ctx.tokenName ? { tokenName: ctx.tokenName } : {}),
      ...(ctx.keyId ? { keyId: ctx.keyId } : {}),
    });
    const why =
      error.reason === "revoked"
        ? "was revoked"
        : error.reason === "expired"
          ? "has expired"
          : "was not accepted by Layer";
    const name = error.tokenName ? `"${error.tokenName}"` : token;
    return {
      kind: "auth",
      title: advice?.title ?? `Token ${name} ${why}`,
      message:
        advice?.message ?? `Token ${name}${keyPart} ${why}. Create a new token and connect it with Rotate token.`,
      steps: advice?.steps ?? [],
      cellError: "#N/A",
      cell: `Token ${name} ${why}: connect a new one with Rotate token in the Layer pane.`,
    };
  }
  if (error instanceof KillSwitchError) {
    const message = `An administrator disabled token ${token}${keyPart}. Layer will not retry; ask your Layer administrator to restore it, or connect another token.`;
    return {
      kind: "kill_switch",
      title: "Token disabled by an administrator",
      message,
      steps: [],
      cellError: "#N/A",
      cell: `An administrator disabled token ${token}; ask them to restore it.`,
    };
  }
  if (error instanceof RateLimitError) {
    return rateLimited(ctx.now + (error.retryAfterMs ?? 60_000), token);
  }
  if (error instanceof ServiceUnavailableError) {
    const retryAt = ctx.now + (error.retryAfterMs ?? 30_000);
    return {
      kind: "unavailable",
      title: "Layer is temporarily unavailable",
      message: `Layer is temporarily unavailable and did not recover while we retried. Try again after ${at(retryAt)}.`,
      steps: [],
      cellError: "#N/A",
      cell: `Layer is temporarily unavailable; try again after ${at(retryAt)}.`,
      retryAt,
    };
  }
  if (error instanceof NotFoundError) {
    return {
      kind: "not_found",
      title: "Not found",
      message: `Layer found no such project or table for token ${token}: check the ids, or ask for access to the project.`,
      steps: [],
      cellError: "#VALUE!",
      cell: `No such project or table visible to token ${token}.`,
    };
  }
  if (error instanceof ValidationError) {
    const issues = (error.issues ?? [])
      .map((i: { path?: unknown; message?: string }) => i.message)
      .filter(Boolean)
      .join("; ");
    return {
      kind: "bad_input",
      title: "Layer refused the request",
      message: `Layer refused the request: ${issues || error.message}`,
      steps: [],
      cellError: "#VALUE!",
      cell: `Layer refused the request: ${issues || error.message}`,
    };
  }
  if (error instanceof ForbiddenScopeError) {
    return {
      kind: "auth",
      title: "Token lacks a permission",
      message: `Token ${token}${keyPart} lacks the permission for this. Create a token with the needed scope.`,
      steps: [],
      cellError: "#N/A",
      cell: `Token ${token} lacks the permission for this.`,
    };
  }
  if (error instanceof ConnectionError || error instanceof TimeoutError || error instanceof TypeError) {
    const message = `Cannot reach Layer at ${ctx.apiBase}. Check the address in Settings, your network, and that the API allows this add-in's origin (CORS).`;
    return { kind: "offline", title: "Cannot reach Layer", message, steps: [], cellError: "#N/A", cell: message };
  }
  if (error instanceof LayerError) {
    const message = `Layer answered ${error.status} ${error.code}${error.requestId ? ` (request ${error.requestId})` : ""}. Try again later.`;
    return { kind: "other", title: "Layer error", message, steps: [], cellError: "#N/A", cell: message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "other", title: "Something went wrong", message, steps: [], cellError: "#VALUE!", cell: message };
}

function rateLimited(retryAt: number, token: string): Explanation {
  return {
    kind: "rate_limited",
    title: "Rate limit reached",
    message: `Token ${token} reached its rate limit. Layer asked to wait; try again after ${at(retryAt)}.`,
    steps: [],
    cellError: "#N/A",
    cell: `Rate limit for token ${token}: try again after ${at(retryAt)}.`,
    retryAt,
  };
}
