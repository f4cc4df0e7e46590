import {
  AuthenticationError,
  ConnectionError,
  KillSwitchError,
  LayerError,
  NotFoundError,
  RateLimitError,
  type RotationAdviceView,
  rotationAdvice,
  ServiceUnavailableError,
  TimeoutError,
  ValidationError,
} from "@layer/token-client";
import type { TokenSource } from "../settings.js";

// Every sentence the server says about a failed call, a token to rotate or an expiring token:
// one table, so that the MCP wording stays in one voice and follows the token client's decisions.

export const TOOL_NAME = "Layer MCP server" as const;
/** Results warn about a token this close to its expiry (the account page warns from 14 days). */
export const EXPIRY_NOTICE_DAYS = 7;

export interface FailureContext {
  apiUrl: string;
  accountUrl: string;
  source: TokenSource;
  /** The token's display form, `lp_live_<key_id>_…`. */
  masked: string;
  now: number;
  /** What the call was about, e.g. `table "tbl_orders" of project "prj_acme_tower"`. */
  subject?: string;
  /** The MCP client's name, for the suggested name of a new token. */
  clientName?: string;
}

export interface ExplainedFailure {
  text: string;
  code: string;
  /** When the caller may try again, if ever. */
  retryAfterSeconds: number | null;
}

/** A failed API call as a tool error: what happened, to which token, and what to do. */
export function explainFailure(error: unknown, ctx: FailureContext): ExplainedFailure {
  if (error instanceof AuthenticationError) return explainRefusedToken(error, ctx);
  if (error instanceof KillSwitchError) {
    const scope =
      error.scope === "organization"
        ? "for your whole organization"
        : error.scope === "global"
          ? "for every Layer token"
          : `for this token (${ctx.masked})`;
    return final(
      error,
      `An administrator turned off API access ${scope}. Retrying will not help and nothing is wrong with your setup: ask your Layer administrator to turn it back on. (request ${error.requestId})`,
    );
  }
  if (error instanceof RateLimitError) {
    const seconds = waitSeconds(error);
    const at = new Date(ctx.now + seconds * 1000).toISOString().slice(11, 19);
    const which = error.endpointClass ? ` for ${error.endpointClass} requests` : "";
    return {
      code: error.code,
      retryAfterSeconds: seconds,
      text: `The Layer API's rate limit${which} of this token (${ctx.masked}) is spent. Try again in ${seconds} s (at ${at} UTC); calling sooner only fails again. (request ${error.requestId})`,
    };
  }
  if (error instanceof ServiceUnavailableError || (error instanceof LayerError && error.code === "INTERNAL")) {
    const seconds = waitSeconds(error);
    return {
      code: error.code,
      retryAfterSeconds: seconds,
      text: `The Layer API at ${ctx.apiUrl} is temporarily unavailable (${error.code}) and did not recover while this call waited. Try again in ${seconds} s. (request ${error.requestId})`,
    };
  }
  if (error instanceof NotFoundError) {
    return final(
      error,
      `The Layer API found no ${ctx.subject ?? "such resource"}, or this token cannot see it (its owner may have been removed from the project). Call list_projects and list_tables to see what this token can read. (request ${error.requestId})`,
    );
  }
  if (error instanceof ValidationError) {
    const issues = error.issues.map((i) => `${i.path || "request"}: ${i.message}`).join("; ");
    return final(
      error,
      `The Layer API refused the request: ${issues || error.message}. describe_table lists a table's columns. (request ${error.requestId})`,
    );
  }
  if (error instanceof ConnectionError || error instanceof TimeoutError) {
    return {
      code: error.code,
      retryAfterSeconds: null,
      text: `Cannot reach the Layer API at ${ctx.apiUrl} (${error.message}). Check that the API is running and that the server's address (LAYER_API_URL) is right.`,
    };
  }
  if (error instanceof LayerError) {
    return final(
      error,
      `The Layer API answered ${error.status || ""} ${error.code}: ${error.message} (request ${error.requestId})`.replace(
        "  ",
        " ",
      ),
    );
  }
  return {
    code: "BUG",
    retryAfterSeconds: null,
    text: "The Layer MCP server failed unexpectedly on this call. Try again; if it keeps failing, restart the server and report it with the server's log.",
  };
}

/** 401: which token, why, and the rotation steps in the safe order. */
function explainRefusedToken(error: AuthenticationError, ctx: FailureContext): ExplainedFailure {
  const advice = adviceFor({ error }, ctx);
  const which = error.tokenName
    ? `the token "${error.tokenName}" (${error.keyId ?? ctx.masked})`
    : `the token in ${ctx.source.name} (${ctx.masked})`;
  if (advice && (advice.reason === "expired" || advice.reason === "revoked")) {
    const on = day(advice.reason === "expired" ? error.expiredAt : error.revokedAt);
    const why =
      advice.reason === "expired"
        ? `it expired${on ? ` on ${on}` : ""} (a token replaced by rotation expires when its grace period ends)`
        : `it was revoked${on ? ` on ${on}` : ""} and can never be used again`;
    return final(
      error,
      `The Layer API refused ${which}: ${why}. To replace it safely:\n${numbered(rotationSteps(advice, ctx.source))}`,
    );
  }
  return final(
    error,
    `The Layer API does not accept ${which}: it is unknown or its secret is wrong (mistyped, cut off, or for another Layer server). Create a new token on your account page (${ctx.accountUrl}). ${ctx.source.howToSwitch}`,
  );
}

/** The token client's rotation decision, for this connector. */
export function adviceFor(
  source: Pick<Parameters<typeof rotationAdvice>[0], "error" | "whoami" | "expiresAt">,
  ctx: Pick<FailureContext, "accountUrl" | "now" | "clientName">,
): RotationAdviceView | null {
  return rotationAdvice({
    ...source,
    now: ctx.now,
    tool: TOOL_NAME,
    ...(ctx.clientName ? { documentName: ctx.clientName } : {}),
    accountUrl: ctx.accountUrl,
  });
}

/** The safe order: the new token first, the old one revoked last, so the agent never stands without a working token. */
export function rotationSteps(advice: RotationAdviceView, source: TokenSource): string[] {
  const old = advice.tokenName ? `"${advice.tokenName}"${advice.keyId ? ` (${advice.keyId})` : ""}` : advice.keyId;
  const steps = [
    `Create a new token named "${advice.suggestedName}" on your Layer account page: ${advice.createUrl} (the link fills in the form; the token is shown only once, copy it).`,
    source.howToSwitch,
    "Call the token_status tool: it must show the new token's name.",
  ];
  if (advice.reason !== "revoked") steps.push(`Then revoke the old token${old ? ` ${old}` : ""} on the account page.`);
  return steps;
}

/** The short line results carry while the token is close to expiry; null otherwise. */
export function expiryNotice(advice: RotationAdviceView | null): string | null {
  if (advice?.reason !== "expiring_soon" || advice.daysLeft === null) return null;
  if (advice.daysLeft > EXPIRY_NOTICE_DAYS) return null;
  const when = advice.daysLeft <= 1 ? "within a day" : `in ${advice.daysLeft} days`;
  const name = advice.tokenName ? `"${advice.tokenName}"` : "in use";
  return `Notice: the Layer token ${name} expires ${when}. Create its replacement now (${advice.createUrl}); token_status lists the steps.`;
}

export function numbered(steps: string[]): string {
  return steps.map((s, i) => `${i + 1}. ${s}`).join("\n");
}

function final(error: LayerError, text: string): ExplainedFailure {
  return { code: error.code, retryAfterSeconds: null, text };
}

function waitSeconds(error: LayerError): number {
  return Math.max(1, Math.ceil((error.retryAfterMs ?? 1_000) / 1_000));
}

function day(iso: string | undefined): string {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : "";
}
