import {
  classifyFailure,
  type FailureGuidance,
  type FailureTopic,
  failingToken,
  ValidationError,
} from "@layer/token-client/sync";
import { type AddonContext, accountUrl, NoTokenError, UserFacingError } from "../context.js";
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

/** What a sentence may name: the token, why a 401 happened, when to try again. */
interface Words {
  named: string;
  stored: boolean;
  why: string;
  after: string;
  guidance: FailureGuidance;
  error: unknown;
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : "");
const time = (ms: number | null) => `${new Date(ms ?? 0).toISOString().slice(11, 16)} UTC`;

/** Google Sheets' words for each topic the token client decides: the sidebar's kind and its sentence. */
const WORDING: Record<FailureTopic, { kind: FailureKind; say: (w: Words) => string }> = {
  "token-refused": {
    kind: "token_broken",
    say: (w) =>
      w.stored
        ? `Layer ${w.named} ${w.why}. Rotate it: Extensions › Layer › Rotate token.`
        : `Layer ${w.named} ${w.why}. Create a new token on the account page and paste that one.`,
  },
  "token-replaced": {
    kind: "token_broken",
    say: (w) => {
      const next = w.guidance.successor;
      const to = next ? `"${next.name}" (${next.keyId})` : "a new token";
      return `Layer ${w.named} was regenerated and replaced by ${to}; it no longer works. Switch to ${next ? "that token" : "it"}: Extensions › Layer › Rotate token.`;
    },
  },
  "token-lacks-scope": {
    kind: "token_broken",
    say: (w) => {
      const missing = w.guidance.missingScope;
      return missing
        ? `Layer ${w.named} may not ${missing.may} (it lacks the scope ${missing.scope}). Create a token with ${missing.access} access on the account page and switch to it: Extensions › Layer › Rotate token.`
        : `Layer ${w.named} lacks a permission this needs. Create a token with read-write access on the account page.`;
    },
  },
  "token-disabled": {
    kind: "kill_switch",
    say: (w) =>
      `An administrator disabled Layer ${w.named}. Nothing will be retried; scheduled refreshes skip until a working token is connected.`,
  },
  "rate-limited": {
    kind: "rate_limited",
    say: (w) => `Layer is rate-limiting ${w.named}. Try again after ${w.after}.`,
  },
  unavailable: { kind: "unavailable", say: (w) => `Layer is unavailable right now. Try again after ${w.after}.` },
  unreachable: { kind: "unavailable", say: (w) => `Layer did not answer. Try again after ${w.after}.` },
  "not-found": {
    kind: "not_found",
    say: (w) => {
      const organization = w.guidance.organization;
      return organization
        ? `You do not belong to the Layer organization "${organization}" (or it does not exist). Pick another in the sidebar's Organization list.`
        : `Not found with ${w.named}: the project or table is gone, its owner has no access to it, or the token is limited to other projects.`;
    },
  },
  "bad-request": { kind: "other", say: (w) => rowsProblem(w.error) ?? answered(w) },
  "bad-response": { kind: "other", say: (w) => answered(w) },
  unexpected: {
    kind: "other",
    say: (w) => `Something went wrong: ${w.error instanceof Error ? w.error.message : String(w.error)}`,
  },
};

function answered(w: Words): string {
  const e = w.error as { status?: number; requestId?: string };
  return `Layer answered ${e.status || "nothing"} (${w.guidance.code}) for ${w.named}. Request ${e.requestId}.`;
}

/** A filter or sort the API refused: it names the character and the problem, said as it is. */
function rowsProblem(error: unknown): string | null {
  if (!(error instanceof ValidationError)) return null;
  const issue = error.issues.find((i) => i.path === "query.filter" || i.path === "query.sort");
  if (!issue) return null;
  const what = issue.path === "query.sort" ? "sort" : "filter";
  return `Layer cannot use this ${what}: ${issue.message}. Edit the ${what} and try again.`;
}

function why(error: unknown): string {
  const failed = failingToken(error);
  if (failed?.reason === "revoked") return `was revoked on ${day(failed.revokedAt)}`;
  if (failed?.reason === "expired") return `expired on ${day(failed.expiredAt)}`;
  return "was not accepted by Layer";
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
  const empty = { steps: [] as string[], createUrl: null, retryAt: null };
  if (error instanceof NoTokenError) {
    return { ...empty, kind: "no_token", message: error.message, tokenName: null, keyId: null };
  }
  if (error instanceof UserFacingError) {
    return {
      ...empty,
      kind: "other",
      message: error.message,
      tokenName: token?.name ?? null,
      keyId: token?.keyId ?? null,
    };
  }
  const now = ctx.now();
  const guidance = classifyFailure(error, now, {
    tool: "Google Sheets",
    accountUrl: accountUrl(ctx.config),
    documentName,
    token: token ? { name: token.name, keyId: token.keyId } : null,
  });
  // A token being connected is not stored yet: the 401's details may still name it.
  const tokenName = token?.name ?? guidance.token.name;
  const keyId = token?.keyId ?? guidance.token.keyId;
  const { kind, say } = WORDING[guidance.topic];
  const named = tokenName ? `token "${tokenName}"` : "this token";
  const message = say({
    named,
    stored: token !== null,
    why: why(error),
    after: time(guidance.retryAt),
    guidance,
    error,
  });
  const at = new Date(now).toISOString();
  if (token && (guidance.topic === "token-refused" || guidance.topic === "token-replaced")) {
    markProblem(ctx, token.keyId, { kind: "unauthenticated", reason: guidance.reason ?? "unknown", message, at });
  }
  if (token && guidance.topic === "token-disabled") {
    markProblem(ctx, token.keyId, { kind: "kill_switch", reason: guidance.reason ?? "unknown", message, at });
  }
  return {
    kind,
    message,
    retryAt: guidance.retryAt === null ? null : new Date(guidance.retryAt).toISOString(),
    tokenName,
    keyId,
    steps: guidance.advice?.steps ?? [],
    createUrl: guidance.advice?.createUrl ?? null,
  };
}
