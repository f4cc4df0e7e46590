import {
  classifyFailure,
  failingToken,
  type FailureGuidance,
  type RotationAdviceView,
  rotationAdvice,
} from "@layer/token-client";
import type { TokenSource } from "../settings.js";
import { explainRefusedQuery } from "./refused-query.js";

// Every sentence the server says about a failed call, a token to rotate or an expiring token: one
// table of wording over the token client's decisions (classifyFailure, rotationAdvice), so that
// the MCP server speaks with the same voice as the other connectors.

export const TOOL_NAME = "Layer MCP server";
/** Results warn about a token this close to its expiry (the account page warns from 14 days). */
export const EXPIRY_NOTICE_DAYS = 7;

export interface FailureContext {
  apiUrl: string;
  accountUrl: string;
  source: TokenSource;
  /** The token's display form, `lp_live_<key_id>_…`. */
  masked: string;
  keyId: string | null;
  now: number;
  /** What the call was about, e.g. `table "tbl_orders" of project "prj_acme_tower"`. */
  subject?: string;
  /** The filter and sort the call sent, so that a refusal can point into them. */
  request?: { filter?: string; sort?: string };
  /** The MCP client's name (Claude Desktop, …): the suggested name of a new token includes it. */
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
  const guidance = classifyFailure(error, ctx.now, {
    tool: TOOL_NAME,
    accountUrl: ctx.accountUrl,
    documentName: ctx.clientName,
    token: { keyId: ctx.keyId },
  });
  const seconds = guidance.retryAt === null ? null : Math.max(1, Math.ceil((guidance.retryAt - ctx.now) / 1000));
  const text = WORDING[guidance.kind](guidance, error, ctx, seconds ?? 0);
  return { code: guidance.code, retryAfterSeconds: seconds, text };
}

type Wording = (g: FailureGuidance, error: unknown, ctx: FailureContext, seconds: number) => string;

const WORDING: Record<FailureGuidance["kind"], Wording> = {
  "fix-token": (g, error, ctx) => {
    const which = g.token.name
      ? `the token "${g.token.name}" (${g.token.keyId ?? ctx.masked})`
      : `the token in ${ctx.source.name} (${ctx.masked})`;
    if (g.code === "FORBIDDEN_SCOPE") {
      const missing = g.missingScope;
      const what = missing
        ? `it may not ${missing.may} (it lacks the scope ${missing.scope}). Create a token with ${missing.access} access`
        : "it lacks a permission this request needs. Create a token with read-write access";
      return `The Layer API refused ${which}: ${what} on your account page (${ctx.accountUrl}). ${ctx.source.howToSwitch}${requestOf(error)}`;
    }
    if (g.advice?.reason === "rotated") {
      const next = g.successor ? `"${g.successor.name}" (${g.successor.keyId})` : "its successor";
      return `The Layer API refused ${which}: it was regenerated as ${next} and its overlap has ended. To switch:\n${numbered(rotationSteps(g.advice, ctx.source))}`;
    }
    const advice = g.advice;
    if (advice && (advice.reason === "expired" || advice.reason === "revoked")) {
      const failed = failingToken(error);
      const on = day(advice.reason === "expired" ? failed?.expiredAt : failed?.revokedAt);
      const why =
        advice.reason === "expired"
          ? `it expired${on ? ` on ${on}` : ""} (a token replaced by rotation expires when its grace period ends)`
          : `it was revoked${on ? ` on ${on}` : ""} and can never be used again`;
      return `The Layer API refused ${which}: ${why}. To replace it safely:\n${numbered(rotationSteps(advice, ctx.source))}`;
    }
    return `The Layer API does not accept ${which}: it is unknown or its secret is wrong (mistyped, cut off, or for another Layer server). Create a new token on your account page (${ctx.accountUrl}). ${ctx.source.howToSwitch}`;
  },
  wait: (_g, error, ctx, seconds) => {
    const at = new Date(ctx.now + seconds * 1000).toISOString().slice(11, 19);
    const endpointClass = field(error, "endpointClass");
    const which = endpointClass ? ` for ${endpointClass} requests` : "";
    return `The Layer API's rate limit${which} of this token (${ctx.masked}) is spent. Try again in ${seconds} s (at ${at} UTC); calling sooner only fails again.${requestOf(error)}`;
  },
  "tell-admin": (g, error, ctx) => {
    const scope =
      g.reason === "organization"
        ? "for your whole organization"
        : g.reason === "global"
          ? "for every Layer token"
          : `for this token (${ctx.masked})`;
    return `An administrator turned off API access ${scope}. Retrying will not help and nothing is wrong with your setup: ask your Layer administrator to turn it back on.${requestOf(error)}`;
  },
  "retry-later": (g, error, ctx, seconds) => {
    if (g.code === "CONNECTION_FAILED" || g.code === "TIMEOUT") {
      return `Cannot reach the Layer API at ${ctx.apiUrl} (${field(error, "message") ?? g.code}). Check that the API is running and that the server's address (LAYER_API_URL) is right; try again in ${seconds} s.`;
    }
    return `The Layer API at ${ctx.apiUrl} is temporarily unavailable (${g.code}) and did not recover while this call waited. Try again in ${seconds} s.${requestOf(error)}`;
  },
  bug: (g, error, ctx) => {
    const organization = g.organization;
    if (organization) {
      return `The token's owner does not belong to the organization "${organization}", or it does not exist. Call token_status to see their organizations, and fix the organization argument or LAYER_ORGANIZATION.${requestOf(error)}`;
    }
    if (g.code === "NOT_FOUND") {
      return `The Layer API found no ${ctx.subject ?? "such resource"}, or this token cannot see it (its owner may have been removed from the project). Call list_projects and list_tables to see what this token can read.${requestOf(error)}`;
    }
    if (g.code === "VALIDATION_FAILED") {
      const refusedQuery = explainRefusedQuery(error, ctx.request);
      if (refusedQuery) return `${refusedQuery}${requestOf(error)}`;
      const issues = validationIssues(error);
      return `The Layer API refused the request: ${issues || field(error, "message")}. describe_table lists a table's columns.${requestOf(error)}`;
    }
    if (g.code === "UNEXPECTED") {
      return "The Layer MCP server failed unexpectedly on this call. Try again; if it keeps failing, restart the server and report it with the server's log.";
    }
    return `The Layer API answered ${g.code}: ${field(error, "message") ?? "no explanation"}.${requestOf(error)}`;
  },
};

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
  if (advice.reason === "rotated") {
    // The successor exists already: its secret was shown once, to whoever regenerated the token.
    const next = advice.successor ? `"${advice.successor.name}" (${advice.successor.keyId})` : "the new token";
    return [
      `Use the token ${next}: ${source.howToSwitch} Its secret was shown once, when the token was regenerated.`,
      `If nobody kept it, create a new token named "${advice.suggestedName}" on your Layer account page: ${advice.createUrl}, and use that one instead.`,
      "Call the token_status tool: it must show the new token's name.",
    ];
  }
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
  const when = advice.expiresIn
    ? `in ${advice.expiresIn}`
    : advice.daysLeft <= 1
      ? "within a day"
      : `in ${advice.daysLeft} days`;
  const name = advice.tokenName ? `"${advice.tokenName}"` : "in use";
  return `Notice: the Layer token ${name} expires ${when}. Create its replacement now (${advice.createUrl}); token_status lists the steps.`;
}

export function numbered(steps: string[]): string {
  return steps.map((s, i) => `${i + 1}. ${s}`).join("\n");
}

/** A field of a Layer error, read by shape like the token client reads it. */
function field(error: unknown, name: string): string | undefined {
  const value = typeof error === "object" && error !== null ? (error as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" && value !== "" ? value : undefined;
}

function requestOf(error: unknown): string {
  const id = field(error, "requestId");
  return id ? ` (request ${id})` : "";
}

function validationIssues(error: unknown): string {
  const issues = typeof error === "object" && error !== null ? (error as { issues?: unknown }).issues : undefined;
  if (!Array.isArray(issues)) return "";
  return issues
    .map(
      (i: { path?: unknown; message?: unknown }) => `${String(i.path ?? "") || "request"}: ${String(i.message ?? "")}`,
    )
    .join("; ");
}

function day(iso: string | undefined): string {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : "";
}
