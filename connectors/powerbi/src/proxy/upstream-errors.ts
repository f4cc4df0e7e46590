import {
  AuthenticationError,
  KillSwitchError,
  LayerError,
  NotFoundError,
  RateLimitError,
  ServiceUnavailableError,
  maskToken,
  rotationAdvice,
} from "@layer/token-client";
import { ODataError, notFound } from "../odata/errors.js";

/** Power BI honours Retry-After only as delta-seconds between 0.5 and 120 (PLATFORM.md). */
export const MAX_RETRY_AFTER_SECONDS = 120;

/** `WWW-Authenticate` on every 401: Power BI then asks for new credentials. */
export const BASIC_CHALLENGE = 'Basic realm="Layer", charset="UTF-8"';

export interface ErrorContext {
  accountUrl: string;
  now: () => number;
  /** The token as sent, only ever shown masked. */
  token: string | null;
}

/** Maps what the token client threw to the OData error Power BI should see. */
export function fromUpstream(error: unknown, context: ErrorContext): ODataError {
  if (error instanceof ODataError) return error;
  if (!(error instanceof LayerError)) {
    // A fault of the proxy itself; the message of an unknown error is never echoed.
    return new ODataError(
      500,
      "INTERNAL",
      "The Layer OData proxy failed on this request; quote its request id to support.",
    );
  }
  const requestId = error.requestId || undefined;
  const withId = (headers: Record<string, string> = {}) => (requestId ? { headers, requestId } : { headers });
  if (error instanceof AuthenticationError) {
    return new ODataError(
      401,
      "UNAUTHENTICATED",
      credentialMessage(error, context),
      withId({ "WWW-Authenticate": BASIC_CHALLENGE }),
    );
  }
  if (error instanceof KillSwitchError) {
    // No Retry-After: Power BI would retry three times, and a kill switch never clears by waiting.
    return new ODataError(
      503,
      "KILL_SWITCH",
      "Layer has switched off API access for this token (KILL_SWITCH). Refreshing again will not help: ask your Layer administrator to restore access.",
      withId(),
    );
  }
  if (error instanceof RateLimitError || error instanceof ServiceUnavailableError) {
    const seconds = retryAfterSeconds(error.retryAfterMs);
    const what = error instanceof RateLimitError ? "rate limiting this token" : "temporarily unavailable";
    return new ODataError(
      error.status === 0 ? 503 : error.status,
      error.code,
      `Layer is ${what}; try again in ${seconds} s.`,
      withId({ "Retry-After": String(seconds) }),
    );
  }
  if (error instanceof NotFoundError) {
    return notFound("This table is gone or this token can no longer see it.", requestId);
  }
  if (error.status === 0) {
    return new ODataError(502, error.code, "The Layer OData proxy could not reach the Layer API.", withId());
  }
  return new ODataError(502, error.code, `The Layer API answered ${error.status} ${error.code}.`, withId());
}

/** Delta-seconds clamped into what Power BI honours; whole seconds, at least 1 (CONTRACT.md). */
export function retryAfterSeconds(retryAfterMs: number | undefined): number {
  const seconds = Math.ceil((retryAfterMs ?? 1_000) / 1_000);
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, seconds));
}

/** Which token failed (never its secret), why, and how to rotate it in Power BI. */
export function credentialMessage(error: AuthenticationError | null, context: ErrorContext): string {
  const advice = error
    ? rotationAdvice({ error, now: context.now(), tool: "Power BI", accountUrl: context.accountUrl })
    : null;
  const masked = error?.keyId ? `lp_…_${error.keyId}_…` : context.token ? maskToken(context.token) : null;
  const which = error?.tokenName ? `"${error.tokenName}"${masked ? ` (${masked})` : ""}` : (masked ?? "no token");
  const reason = error?.reason && error.reason !== "unknown" ? error.reason : "missing or not accepted";
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
