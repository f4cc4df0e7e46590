import type { RouteError } from "../api-spec/route-spec.js";

/** The 404 of a Layer-Organization header naming an organization the user is not in (or none at all). */
export const ORGANIZATION_NOT_FOUND: RouteError = {
  code: "NOT_FOUND",
  when: "The Layer-Organization header names an organization the token's owner is not in, or one that does not exist.",
  example: {
    message:
      'no organization "org_other" that you belong to; send an id that GET /v1/whoami lists under organizations, or no layer-organization header',
    details: { organization: "org_other" },
  },
};
