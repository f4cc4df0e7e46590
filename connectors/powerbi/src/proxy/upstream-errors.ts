import { classifyFailure, type FailureGuidance, type FailureTopic, maskKeyId, maskToken } from "@layer/token-client";
import { notFound, ODataError } from "../odata/errors.js";

/** Power BI honours Retry-After only as delta-seconds between 0.5 and 120 (docs/hosts.md). */
export const MAX_RETRY_AFTER_SECONDS = 120;

/** `WWW-Authenticate` on every 401: Power BI then asks for new credentials. */
export const BASIC_CHALLENGE = 'Basic realm="Layer", charset="UTF-8"';

export interface ErrorContext {
  accountUrl: string;
  now: () => number;
  /** The token as sent, only ever shown masked. */
  token: string | null;
}

/** What an OData error may use: the decision, the upstream error, the request id to quote. */
interface Words {
  guidance: FailureGuidance;
  error: { status: number; code: string };
  context: ErrorContext;
  withId: (headers?: Record<string, string>) => { headers: Record<string, string>; requestId?: string };
  requestId: string | undefined;
  now: number;
}

/** A wait Power BI honours: Retry-After in delta-seconds. */
function retryable(w: Words, status: number, what: string): ODataError {
  const seconds = retryAfterSeconds(w.guidance, w.now);
  return new ODataError(
    status,
    w.guidance.code,
    `Layer is ${what}; try again in ${seconds} s.`,
    w.withId({ "Retry-After": String(seconds) }),
  );
}

/** 401 and 403 both make Power BI ask for new credentials (docs/hosts.md). */
function credentials(w: Words, status: number): ODataError {
  return new ODataError(
    status,
    w.guidance.code,
    credentialMessage(w.guidance, w.context),
    w.withId({ "WWW-Authenticate": BASIC_CHALLENGE }),
  );
}

/** Power BI's terms for each topic the token client decides: statuses it acts on, Retry-After it honours. */
const WORDING: Record<FailureTopic, (w: Words) => ODataError> = {
  "token-refused": (w) => credentials(w, 401),
  "token-replaced": (w) => credentials(w, 401),
  "token-lacks-scope": (w) => credentials(w, 403),
  // No Retry-After: Power BI would retry three times, and a kill switch never clears by waiting.
  "token-disabled": (w) =>
    new ODataError(
      503,
      "KILL_SWITCH",
      "Layer has switched off API access for this token (KILL_SWITCH). Refreshing again will not help: ask your Layer administrator to restore access.",
      w.withId(),
    ),
  "rate-limited": (w) => retryable(w, 429, "rate limiting this token"),
  unavailable: (w) =>
    w.guidance.code === "SERVICE_UNAVAILABLE" || w.guidance.code === "BAD_GATEWAY"
      ? retryable(w, w.guidance.code === "BAD_GATEWAY" ? 502 : 503, "temporarily unavailable")
      : upstreamFailed(w),
  unreachable: (w) => upstreamFailed(w),
  "not-found": (w) => {
    const organization = w.guidance.organization;
    return notFound(
      organization
        ? `The token's owner does not belong to the organization "${organization}", or it does not exist. The LayerTokenStatus entity set of /odata/ lists their organizations with each one's address.`
        : "This table is gone or this token can no longer see it (it may be limited to other projects).",
      w.requestId,
    );
  },
  "bad-request": (w) => upstreamFailed(w),
  "bad-response": (w) => upstreamFailed(w),
  // A fault of the proxy itself; the message of an unknown error is never echoed.
  unexpected: () =>
    new ODataError(500, "INTERNAL", "The Layer OData proxy failed on this request; quote its request id to support."),
};

function upstreamFailed(w: Words): ODataError {
  if (w.error.status === 0) {
    return new ODataError(502, w.guidance.code, "The Layer OData proxy could not reach the Layer API.", w.withId());
  }
  return new ODataError(
    502,
    w.guidance.code,
    `The Layer API answered ${w.error.status} ${w.guidance.code}.`,
    w.withId(),
  );
}

/** Maps what the token client threw to the OData error Power BI should see. */
export function fromUpstream(error: unknown, context: ErrorContext): ODataError {
  if (error instanceof ODataError) return error;
  const now = context.now();
  const guidance = classifyFailure(error, now, { tool: "Power BI", accountUrl: context.accountUrl });
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    status: number;
    code: string;
    requestId?: string;
    details?: unknown;
  };
  const requestId = e.requestId || undefined;
  const withId = (headers: Record<string, string> = {}) => (requestId ? { headers, requestId } : { headers });
  return WORDING[guidance.topic]({ guidance, error: e, context, withId, requestId, now });
}

/** When to try again as delta-seconds Power BI honours: whole seconds from 1 to 120 (docs/contract.md, docs/hosts.md). */
export function retryAfterSeconds(guidance: Pick<FailureGuidance, "retryAt">, now: number): number {
  const seconds = Math.ceil(((guidance.retryAt ?? now) - now) / 1_000);
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
}

/** Which token failed (never its secret), why, and how to rotate it in Power BI. */
export function credentialMessage(guidance: FailureGuidance, context: ErrorContext): string {
  // The token as sent masks with its environment; a key id alone masks as the contract's live form.
  const sent = context.token ? maskToken(context.token) : null;
  const keyId = guidance.token.keyId;
  const masked = keyId && !sent?.includes(keyId) ? (maskKeyId(keyId) ?? sent) : sent;
  const name = guidance.token.name;
  const which = name ? `"${name}"${masked ? ` (${masked})` : ""}` : (masked ?? "no token");
  const reason =
    guidance.code === "FORBIDDEN_SCOPE"
      ? guidance.missingScope
        ? `it may not ${guidance.missingScope.may}: it lacks the scope ${guidance.missingScope.scope}; create a token with ${guidance.missingScope.access} access`
        : "it lacks a permission this needs"
      : guidance.successor
        ? `it was regenerated as "${guidance.successor.name}" (${maskKeyId(guidance.successor.keyId) ?? guidance.successor.keyId}) and its overlap has ended; use that token`
        : guidance.reason && guidance.reason !== "unknown"
          ? guidance.reason
          : "missing or not accepted";
  const advice = guidance.advice;
  const steps = advice?.steps ?? [
    `Create a new token at ${context.accountUrl}.`,
    "Paste it in Power BI and check that the refresh works.",
    "Revoke the old token on the same page.",
  ];
  const createUrl = advice?.createUrl ?? context.accountUrl;
  return [
    `The Layer token ${which} was refused (${reason}).`,
    `Create its replacement at ${createUrl}.`,
    "To rotate it:",
    ...steps.map((step, index) => `${index + 1}. ${step}`),
    "In Power BI Desktop: File > Options and settings > Data source settings, select this source, Edit Permissions > Edit credentials, Basic: any user name, the new token as the password. In the Power BI service: the semantic model's Settings > Data source credentials > Edit credentials.",
  ].join(" ");
}
