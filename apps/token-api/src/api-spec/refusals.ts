import type { DocumentedCode } from "./error-envelopes.js";
import type { RouteSpec } from "./route-spec.js";

export interface Refusal {
  code: DocumentedCode;
  when: string;
  example: { message: string; details?: Record<string, unknown> };
}

const invalid = (when: string, path: string, message: string): Refusal => ({
  code: "VALIDATION_FAILED",
  when,
  example: { message: "the request is not valid", details: { issues: [{ path, message }] } },
});

/** Where a 401 sends the user: the account page under PUBLIC_URL (here its default). */
const ACCOUNT_URL = "http://127.0.0.1:8787/account/api";

const UNAUTHENTICATED_TOKEN: Refusal = {
  code: "UNAUTHENTICATED",
  when:
    "No token, a malformed one, an unknown one, or one that expired, was revoked, or was replaced by a regeneration " +
    "or rotation whose overlap ended (`details.reason`; `rotated` names the successor).",
  example: {
    message: `the API token "Power BI refresh" expired: create a new token at ${ACCOUNT_URL}`,
    details: {
      reason: "expired",
      accountUrl: ACCOUNT_URL,
      keyId: "01J9Z3V7K2M4N6P8",
      name: "Power BI refresh",
      expiredAt: "2026-01-31T00:00:00Z",
    },
  },
};
const NO_SESSION: Refusal = {
  code: "UNAUTHENTICATED",
  when: "No signed-in session, or the request also sent an API token (tokens cannot manage tokens).",
  example: { message: "sign in on the account page first", details: { reason: "missing", accountUrl: ACCOUNT_URL } },
};
const OTHER_SITE: Refusal = {
  code: "FORBIDDEN",
  when: "The request came from another site (Origin), or lacks the session's X-CSRF-Token.",
  example: { message: "the CSRF token is missing or wrong: reload the account page", details: { reason: "csrf" } },
};
const DATABASE_DOWN: Refusal = {
  code: "SERVICE_UNAVAILABLE",
  when: "The database (or the token verifier) is busy or unreachable; retry after Retry-After seconds.",
  example: { message: "the database is unavailable; retry shortly", details: {} },
};

/**
 * Every refusal a route can answer: those of its access (the guard), of what it reads (the body
 * parser and the validation), and its own. The order is the order of the statuses.
 */
export function refusalsOf(spec: RouteSpec): Refusal[] {
  const out: Refusal[] = [];
  const { access, request = {} } = spec;
  const readsBody = spec.method !== "get";
  if (readsBody || request.params || request.query || request.headers) {
    out.push(
      readsBody
        ? invalid("The body is not JSON or breaks the request schema.", "body.name", "name must not be empty")
        : invalid("A parameter breaks the request schema.", request.query ? "query.limit" : "params", "Invalid input"),
    );
  }
  if (access.kind === "token") {
    out.push(UNAUTHENTICATED_TOKEN);
    if (access.scope) {
      out.push({
        code: "FORBIDDEN_SCOPE",
        when: `The token lacks the scope \`${access.scope}\`.`,
        example: {
          message: `this token lacks the scope ${access.scope}; issue a token that has it`,
          details: { scope: access.scope },
        },
      });
    }
  } else if (access.kind === "session") {
    out.push(NO_SESSION);
    if (access.mutation) out.push(OTHER_SITE);
  } else if (access.kind === "sign-in") {
    out.push({
      code: "UNAUTHENTICATED",
      when: "The email or password is wrong, or the request sent an API token.",
      example: { message: "the email or password is wrong", details: { reason: "invalid", accountUrl: ACCOUNT_URL } },
    });
    out.push({
      code: "FORBIDDEN",
      when: "The request came from another site (Origin).",
      example: { message: "this request came from another site", details: { reason: "origin" } },
    });
  }
  out.push(
    ...(spec.errors ?? []).map((e) => ({ code: e.code, when: e.when, example: e.example ?? exampleOf(e.code) })),
  );
  if (readsBody) {
    out.push({
      code: "PAYLOAD_TOO_LARGE",
      when: "The body is larger than the API accepts (BODY_LIMIT_BYTES).",
      example: { message: "the request body is too large" },
    });
  }
  if (access.kind === "token") {
    out.push({
      code: "RATE_LIMITED",
      when: "The key spent its rate limit for this endpoint class, or too many failed verifications.",
      example: {
        message: "the read-light rate limit of this key (600 per 60 s) is spent; retry after the Retry-After seconds",
        details: { endpointClass: access.endpointClass, retryAfterMs: 1200 },
      },
    });
  } else if (access.kind === "sign-in") {
    out.push({
      code: "RATE_LIMITED",
      when: "Too many failed sign-ins for this email or from this address.",
      example: {
        message: "too many failed sign-ins: wait before trying again",
        details: { endpointClass: "write-light", retryAfterMs: 60000 },
      },
    });
  }
  if (access.kind === "token") {
    out.push({
      code: "KILL_SWITCH",
      when: "An administrator switched off API access for this key, its organization or everyone.",
      example: {
        message: "API access for this key is switched off; contact your Layer administrator",
        details: { scope: "key", keyId: "01J9Z3V7K2M4N6P8" },
      },
    });
  }
  if (access.kind !== "public") out.push(DATABASE_DOWN);
  return out;
}

function exampleOf(code: DocumentedCode): Refusal["example"] {
  switch (code) {
    case "NOT_FOUND":
      return { message: "resource not found" };
    case "CONFLICT":
      return { message: "this token was already rotated" };
    case "SERVICE_UNAVAILABLE":
      return DATABASE_DOWN.example;
    default:
      return { message: code.toLowerCase().replaceAll("_", " ") };
  }
}
