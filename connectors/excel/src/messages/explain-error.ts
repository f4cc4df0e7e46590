import { classifyFailure, type FailureGuidance, type FailureTopic } from "@layer/token-client";
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
  /** Which in-cell error: custom messages exist only on #VALUE! and #N/A (docs/hosts.md). */
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

/** A filter or sort the API refused: it names the character and the problem, said as it is. */
function rowsProblem(error: unknown): Omit<Explanation, "retryAt"> | null {
  const issues = (error as { issues?: Array<{ path?: string; message?: string }> } | null)?.issues ?? [];
  const issue = issues.find((i) => i.path === "query.filter" || i.path === "query.sort");
  if (!issue) return null;
  const what = issue.path === "query.sort" ? "sort" : "filter";
  const message = `Layer cannot use this ${what}: ${issue.message}. Edit the ${what} and try again.`;
  return {
    kind: "bad_input",
    title: `The ${what} is not valid`,
    message,
    steps: [],
    cellError: "#VALUE!",
    cell: message,
  };
}

/** Excel's words for each topic the token client decides: task pane, cell tooltip, local times. */
const WORDING: Record<FailureTopic, (w: Words) => Omit<Explanation, "retryAt">> = {
  "token-refused": (w) => {
    const advice = w.guidance.advice;
    return {
      kind: "auth",
      title: advice?.title ?? `Token ${w.token} ${failed(w)}`,
      message:
        advice?.message ??
        `Token ${w.token}${w.keyPart} ${failed(w)}. Create a new token and connect it with Rotate token.`,
      steps: advice?.steps ?? [],
      cellError: "#N/A",
      cell: `Token ${w.token} ${failed(w)}: connect a new one with Rotate token in the Layer pane.`,
    };
  },
  "token-replaced": (w) => {
    const advice = w.guidance.advice;
    const next = w.guidance.successor ? `"${w.guidance.successor.name}" (key ${w.guidance.successor.keyId})` : null;
    return {
      kind: "auth",
      title: advice?.title ?? `Token ${w.token} was replaced`,
      message:
        advice?.message ??
        `Token ${w.token}${w.keyPart} was regenerated${next ? ` as ${next}` : ""} and no longer works. Connect ${next ?? "the new token"} with Rotate token.`,
      steps: advice?.steps ?? [],
      cellError: "#N/A",
      cell: `Token ${w.token} was replaced${next ? ` by ${next}` : ""}: connect it with Rotate token in the Layer pane.`,
    };
  },
  "token-lacks-scope": (w) => {
    const missing = w.guidance.missingScope;
    const may = missing ? `may not ${missing.may}` : "lacks a permission this needs";
    const create = `create a token with ${missing?.access ?? "read-write"} access on your Layer account page and connect it with Rotate token`;
    return {
      kind: "auth",
      title: missing ? `This token may not ${missing.may}` : "Token lacks a permission",
      message: `Token ${w.token}${w.keyPart} ${may}${missing ? ` (it lacks the scope ${missing.scope})` : ""}. To do this, ${create}.`,
      steps: [],
      cellError: "#N/A",
      cell: `Token ${w.token} ${may}${missing ? ` (scope ${missing.scope})` : ""}.`,
    };
  },
  "token-disabled": (w) => ({
    kind: "kill_switch",
    title: "Token disabled by an administrator",
    message: `An administrator disabled token ${w.token}${w.keyPart}. Layer will not retry; ask your Layer administrator to restore it, or connect another token.`,
    steps: [],
    cellError: "#N/A",
    cell: `An administrator disabled token ${w.token}; ask them to restore it.`,
  }),
  "rate-limited": (w) => ({
    kind: "rate_limited",
    title: "Rate limit reached",
    message: `Token ${w.token} reached its rate limit. Layer asked to wait; try again after ${w.at}.`,
    steps: [],
    cellError: "#N/A",
    cell: `Rate limit for token ${w.token}: try again after ${w.at}.`,
  }),
  unavailable: (w) => ({
    kind: "unavailable",
    title: "Layer is temporarily unavailable",
    message: `Layer is temporarily unavailable and did not recover while we retried. Try again after ${w.at}.`,
    steps: [],
    cellError: "#N/A",
    cell: `Layer is temporarily unavailable; try again after ${w.at}.`,
  }),
  unreachable: (w) => {
    const message = `Cannot reach Layer at ${w.apiBase}. Check the address in Settings, your network, and that the API allows this add-in's origin (CORS).`;
    return { kind: "offline", title: "Cannot reach Layer", message, steps: [], cellError: "#N/A", cell: message };
  },
  "not-found": (w) => {
    const organization = w.guidance.organization;
    if (organization) {
      const message = `You do not belong to the Layer organization "${organization}" (or it does not exist). Pick another organization in the Layer pane.`;
      return {
        kind: "not_found",
        title: "Unknown organization",
        message,
        steps: [],
        cellError: "#VALUE!",
        cell: message,
      };
    }
    return {
      kind: "not_found",
      title: "Not found",
      message: `Layer found no such project or table for token ${w.token}: check the ids, ask for access to the project, or use a token that reaches it (a token may be limited to some projects).`,
      steps: [],
      cellError: "#VALUE!",
      cell: `No such project or table visible to token ${w.token}.`,
    };
  },
  "bad-request": (w) =>
    rowsProblem(w.error) ?? {
      kind: "bad_input",
      title: "Layer refused the request",
      message: `Layer refused the request: ${issuesOf(w.error)}`,
      steps: [],
      cellError: "#VALUE!",
      cell: `Layer refused the request: ${issuesOf(w.error)}`,
    },
  "bad-response": (w) => {
    const e = w.error as { status?: number; requestId?: string };
    const message = `Layer answered ${e.status} ${w.guidance.code}${e.requestId ? ` (request ${e.requestId})` : ""}. Try again later.`;
    return { kind: "other", title: "Layer error", message, steps: [], cellError: "#N/A", cell: message };
  },
  unexpected: (w) => {
    const message = w.error instanceof Error ? w.error.message : String(w.error);
    return { kind: "other", title: "Something went wrong", message, steps: [], cellError: "#VALUE!", cell: message };
  },
};

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
  // A browser's fetch rejects with a TypeError when CORS or the network refuses the request.
  const topic = guidance.topic === "unexpected" && error instanceof TypeError ? "unreachable" : guidance.topic;
  const wording = WORDING[topic]({
    guidance,
    error,
    token: name ? `"${name}"` : "the connected token",
    keyPart: keyId ? ` (key ${keyId})` : "",
    at: at(guidance.retryAt),
    apiBase: ctx.apiBase,
  });
  return guidance.retryAt === null ? wording : { ...wording, retryAt: guidance.retryAt };
}
