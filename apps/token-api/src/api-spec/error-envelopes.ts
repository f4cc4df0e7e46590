import {
  type ErrorCode,
  KillSwitchDetails,
  RateLimitedDetails,
  UnauthenticatedDetails,
  ValidationFailedDetails,
} from "@layer/contracts";
import { z } from "zod";

const Anything = z.record(z.string(), z.unknown());

/**
 * Each code's `details` (docs/contract.md "Error envelope"): the contract's typed shapes where it
 * has them; the others carry an object of their own or none.
 */
const DETAILS: Record<Exclude<ErrorCode, "INTERNAL">, z.ZodType> = {
  VALIDATION_FAILED: ValidationFailedDetails.extend({
    position: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .meta({ description: "For a bad filter or sort: the character where it goes wrong (1-based)." }),
  }),
  UNAUTHENTICATED: UnauthenticatedDetails,
  FORBIDDEN_SCOPE: z.object({ scope: z.string().meta({ description: "The scope the token lacks." }) }),
  FORBIDDEN: z.object({
    reason: z.enum(["origin", "csrf"]).meta({
      description: "`origin`: the request came from another site; `csrf`: the X-CSRF-Token is missing or wrong.",
    }),
  }),
  NOT_FOUND: Anything.optional(),
  CONFLICT: Anything.optional(),
  PAYLOAD_TOO_LARGE: Anything.optional(),
  RATE_LIMITED: RateLimitedDetails,
  KILL_SWITCH: KillSwitchDetails,
  SERVICE_UNAVAILABLE: Anything.optional(),
};

/** `RATE_LIMITED` → `RateLimitedError`: the name of its envelope in the document's components. */
export const envelopeName = (code: ErrorCode): string =>
  `${code
    .toLowerCase()
    .split("_")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("")}Error`;

export type DocumentedCode = keyof typeof DETAILS;

/** The envelope of one error code, its `code` fixed and its `details` typed; named by its id. */
function errorEnvelope(code: DocumentedCode): z.ZodType {
  return z
    .object({
      error: z.object({
        code: z.literal(code),
        message: z.string().meta({ description: "What happened and what to do, for a person." }),
        requestId: z.string().meta({ description: "The request's X-Request-Id." }),
        details: DETAILS[code],
      }),
    })
    .meta({ id: envelopeName(code) });
}

/** Made once: an id names one schema. */
export const ENVELOPES = new Map(
  (Object.keys(DETAILS) as DocumentedCode[]).map((code) => [code, errorEnvelope(code)] as const),
);
