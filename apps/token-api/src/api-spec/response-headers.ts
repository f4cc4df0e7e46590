import type { RouteAccess } from "./route-spec.js";

interface HeaderObject {
  description: string;
  required?: boolean;
  schema: Record<string, unknown>;
}

const SECONDS = { type: "string", pattern: "^[0-9]+$" };

/** The response headers of the contract (docs/contract.md "Headers"), by name, as document components. */
export const HEADER_COMPONENTS: Record<string, HeaderObject> = {
  "X-Request-Id": {
    description: "The request's id: the caller's sane X-Request-Id echoed, else a new `req_…`. Quote it to support.",
    required: true,
    schema: { type: "string", minLength: 1, maxLength: 128 },
  },
  "X-RateLimit-Limit": {
    description: "Requests this key may send in the window for this endpoint class.",
    schema: SECONDS,
  },
  "X-RateLimit-Remaining": { description: "Requests left in the current window.", schema: SECONDS },
  "X-RateLimit-Reset": { description: "Seconds until the window resets.", schema: SECONDS },
  "X-RateLimit-Endpoint-Class": {
    description: "The endpoint class whose limit applies.",
    schema: { type: "string", enum: ["read-light", "write-light", "long-running"] },
  },
  "X-RateLimit-Tier": {
    description: "The key's rate tier.",
    schema: { type: "string", enum: ["standard", "pilot", "partner"] },
  },
  RateLimit: {
    description: "The same numbers as IETF RateLimit fields: remaining quota and seconds to reset.",
    schema: { type: "string" },
  },
  "RateLimit-Policy": {
    description: "The same numbers as IETF RateLimit fields: the quota and its window.",
    schema: { type: "string" },
  },
  "X-Token-Expires-At": {
    description: "When the token expires (sent when it has an expiry): clients warn before it does.",
    schema: { type: "string", format: "date-time" },
  },
};

/** The rate-limit fields, written once the key's bucket was counted. */
const RATE_LIMIT = [
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "X-RateLimit-Endpoint-Class",
  "X-RateLimit-Tier",
  "RateLimit",
  "RateLimit-Policy",
] as const;

const ref = (name: string, required = false) =>
  required && !HEADER_COMPONENTS[name]!.required
    ? // A reference cannot change `required`: the header is spelled out where it is always sent.
      { ...HEADER_COMPONENTS[name]!, required }
    : { $ref: `#/components/headers/${name}` };

/**
 * The headers one response carries. Every response has X-Request-Id. A token route's success has
 * the rate-limit fields (a refusal has them once the key was counted: not before, as for a 401),
 * and X-Token-Expires-At when the token expires. 429 says when to retry; a 503 does when the
 * outage is expected to pass (not for a kill switch).
 */
export function responseHeaders(access: RouteAccess, status: number): Record<string, unknown> {
  const headers: Record<string, unknown> = { "X-Request-Id": ref("X-Request-Id") };
  if (access.kind === "token" && status !== 401) {
    const success = status < 300;
    for (const name of RATE_LIMIT) headers[name] = ref(name, success);
    headers["X-Token-Expires-At"] = ref("X-Token-Expires-At");
  }
  if (status === 429) {
    headers["Retry-After"] = { description: "Seconds to wait before retrying.", required: true, schema: SECONDS };
  }
  if (status === 503) {
    headers["Retry-After"] = {
      description: "Seconds to wait before retrying, when the outage is expected to pass (not for a kill switch).",
      required: false,
      schema: SECONDS,
    };
  }
  return headers;
}
