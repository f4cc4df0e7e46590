import { HEADERS, text } from "@layer/contracts";
import { z } from "zod";
import type { RouteError } from "../api-spec/route-spec.js";

const ORGANIZATION_ID = "must be an organization id (1 to 128 characters)";

/**
 * The `Layer-Organization` request header of the routes that read projects (docs/contract.md
 * "Organization context"), as declared in their routes: token-reach.ts reads it.
 */
export const OrganizationHeaders = z.object({
  [HEADERS.organization]: text()
    .trim()
    .min(1, ORGANIZATION_ID)
    .max(128, ORGANIZATION_ID)
    .optional()
    .meta({
      description:
        "Work in one organization: projects, tables and rows narrowed to it, and whoami's `organization` says which. " +
        "An organization the token's owner does not belong to is 404. Without it, every organization.",
      examples: ["org_acme"],
    }),
});

/** The refusal of an organization header naming an organization out of reach. */
export const ORGANIZATION_NOT_FOUND: RouteError = {
  code: "NOT_FOUND",
  when: "The Layer-Organization header names an organization the token's owner does not belong to (or none that exists).",
  example: {
    message:
      'no organization "org_nowhere" that you belong to; send an id that GET /v1/whoami lists under organizations, or no layer-organization header',
    details: { organization: "org_nowhere" },
  },
};
