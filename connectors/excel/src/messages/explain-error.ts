import { classifyFailure, type FailureGuidance } from "@layer/token-client";
import { NotConnectedError } from "../api/session.js";
import { accountUrl } from "../config.js";

export interface ErrorContext {
  tokenName: string | undefined;
  keyId: string | undefined;
  apiBase: string;
  now: number;
  documentName?: string | undefined;
}

export type ExplanationKind =
  | "auth"
  | "kill_switch"
  | "rate_limited"
  | "unavailable"
  | "not_found"
  | "bad_input"
  | "offline"
  | "not_connected"
  | "other";

/** What a person reads: in the task pane (title + message + steps) and in a cell (`cell`). */
export interface Explanation {
  kind: ExplanationKind;
  title: string;
  message: string;
  steps: string[];
  /** Which in-cell error: custom messages exist only on #VALUE! and #N/A (PLATFORM.md). */
  cellError: "#N/A" | "#VALUE!";
  /** One short line for a cell's error tooltip. */
  cell: string;
  retryAt?: number;
}

/** What a sentence may use: the decision, the error, the token as named, the time to try again. */
interface Words {
  guidance: FailureGuidance;
  error: unknown;
  /** `"Excel - Budget"` or "the connected token". */
  token: string;
  /** ` (key ABC…)` or "". */
  keyPart: string;
  at: string;
  apiBase: string;
}

type Wording = Omit<Explanation, "kind" | "retryAt">;

function at(ms: number | null): string {
  return new Date(ms ?? 0).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

const failed = (w: Words) => {
  const reason = w.guidance.reason;
  return reason === "revoked" ? "was revoked" : reason === "expired" ? "has expired" : "was not accepted by Layer";
};

function issuesOf(error: unknown): string {
  const e = error as { issues?: Array<{ message?: string }>; message?: string } | null;
  const issues = (e?.issues ?? [])
    .map((i) => i.message)
    .filter(Boolean)
    .join("; ");
  return issues || (e?.message ?? "");
}

/** Excel's words for each decision of the token client: task pane, cell tooltip, local times. */
const WORDING: Record<Exclude<ExplanationKind, "not_connected">, (w: Words) => Wording> = {
  auth: (w) => {
    if (w.guidance.code === "FORBIDDEN_SCOPE") {
      return {
        title: "Token lacks a permission",
        message: `Token ${w.token}${w.keyPart} lacks the permission for this. Create a token with the needed scope.`,
        steps: [],
        cellError: "#N/A",
        cell: `Token ${w.token} lacks the permission for this.`,
      };
    }
    const advice = w.guidance.advice;
    return {
      title: advice?.title ?? `Token ${w.token} ${failed(w)}`,
      message:
        advice?.message ??
        `Token ${w.token}${w.keyPart} ${failed(w)}. Create a new token and connect it with Rotate token.`,
      steps: advice?.steps ?? [],
      cellError: "#N/A",
      cell: `Token ${w.token} ${failed(w)}: connect a new one with Rotate token in the Layer pane.`,
    };
  },
  kill_switch: (w) => ({
    title: "Token disabled by an administrator",
    message: `An administrator disabled token ${w.token}${w.keyPart}. Layer will not retry; ask your Layer administrator to restore it, or connect another token.`,
    steps: [],
    cellError: "#N/A",
    cell: `An administrator disabled token ${w.token}; ask them to restore it.`,
  }),
  rate_limited: (w) => ({
    title: "Rate limit reached",
    message: `Token ${w.token} reached its rate limit. Layer asked to wait; try again after ${w.at}.`,
    steps: [],
    cellError: "#N/A",
    cell: `Rate limit for token ${w.token}: try again after ${w.at}.`,
  }),
  unavailable: (w) => ({
    title: "Layer is temporarily unavailable",
    message: `Layer is temporarily unavailable and did not recover while we retried. Try again after ${w.at}.`,
    steps: [],
    cellError: "#N/A",
    cell: `Layer is temporarily unavailable; try again after ${w.at}.`,
  }),
  offline: (w) => {
    const message = `Cannot reach Layer at ${w.apiBase}. Check the address in Settings, your network, and that the API allows this add-in's origin (CORS).`;
    return { title: "Cannot reach Layer", message, steps: [], cellError: "#N/A", cell: message };
  },
  not_found: (w) => ({
    title: "Not found",
    message: `Layer found no such project or table for token ${w.token}: check the ids, or ask for access to the project.`,
    steps: [],
    cellError: "#VALUE!",
    cell: `No such project or table visible to token ${w.token}.`,
  }),
  bad_input: (w) => ({
    title: "Layer refused the request",
    message: `Layer refused the request: ${issuesOf(w.error)}`,
    steps: [],
    cellError: "#VALUE!",
    cell: `Layer refused the request: ${issuesOf(w.error)}`,
  }),
  other: (w) => {
    if (w.guidance.code === "UNEXPECTED") {
      const message = w.error instanceof Error ? w.error.message : String(w.error);
      return { title: "Something went wrong", message, steps: [], cellError: "#VALUE!", cell: message };
    }
    const e = w.error as { status?: number; requestId?: string };
    const message = `Layer answered ${e.status} ${w.guidance.code}${e.requestId ? ` (request ${e.requestId})` : ""}. Try again later.`;
    return { title: "Layer error", message, steps: [], cellError: "#N/A", cell: message };
  },
};

/** The token client's decision, in the task pane's categories. */
function excelKind(g: FailureGuidance, error: unknown): Exclude<ExplanationKind, "not_connected"> {
  switch (g.kind) {
    case "fix-token":
      return "auth";
    case "tell-admin":
      return "kill_switch";
    case "wait":
      return "rate_limited";
    case "retry-later":
      return g.code === "CONNECTION_FAILED" || g.code === "TIMEOUT" ? "offline" : "unavailable";
    case "bug":
      if (g.code === "NOT_FOUND") return "not_found";
      if (g.code === "VALIDATION_FAILED") return "bad_input";
      // A browser's fetch rejects with a TypeError when CORS or the network refuses the request.
      return error instanceof TypeError ? "offline" : "other";
  }
}

/**
 * Words for what the token client decided about an error: which token, what happened, what to
 * do and when. The decision (kind, when to retry, which token, rotation advice) is the token
 * client's `classifyFailure`; this only says it in Excel's terms.
 */
export function explainError(error: unknown, ctx: ErrorContext): Explanation {
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
  const guidance = classifyFailure(error, ctx.now, {
    tool: "Excel",
    accountUrl: accountUrl(ctx.apiBase),
    documentName: ctx.documentName,
    token: { name: ctx.tokenName ?? null, keyId: ctx.keyId ?? null },
  });
  const name = guidance.token.name ?? ctx.tokenName;
  const keyId = ctx.keyId ?? guidance.token.keyId;
  const kind = excelKind(guidance, error);
  const wording = WORDING[kind]({
    guidance,
    error,
    token: name ? `"${name}"` : "the connected token",
    keyPart: keyId ? ` (key ${keyId})` : "",
    at: at(guidance.retryAt),
    apiBase: ctx.apiBase,
  });
  return guidance.retryAt === null ? { kind, ...wording } : { kind, ...wording, retryAt: guidance.retryAt };
}
