import { HEADERS, isPostgresText } from "@layer/contracts";
import type { Request } from "express";
import type { ProvenToken } from "../auth/verification-cache.js";
import type { Queryable } from "../db/database.js";
import { DomainError, validationFailed } from "../errors/domain-error.js";

/**
 * What a request may reach, read live on every request (docs/contract.md "Project limits" and
 * "Organization context"): the projects its owner is a member of now, within the token's own
 * project list (null: all of them) and the organization the request names (null: every one).
 */
export interface ProjectReach {
  userId: string;
  projectIds: readonly string[] | null;
  organizationId: string | null;
}

const MAX_ORGANIZATION_ID = 128;

/**
 * The reach of a proven token for this request. A `Layer-Organization` the user does not belong
 * to is 404, like one that does not exist: the answer never tells which organizations exist.
 */
export async function reachOf(q: Queryable, req: Request, proven: ProvenToken): Promise<ProjectReach> {
  const organizationId = organizationHeader(req);
  if (organizationId !== null) {
    const member = await q.query("SELECT 1 FROM organization_members WHERE user_id = $1 AND organization_id = $2", [
      proven.user.id,
      organizationId,
    ]);
    if (member.length === 0) {
      throw new DomainError(
        "NOT_FOUND",
        `no organization "${organizationId}" that you belong to; send an id that GET /v1/whoami lists under organizations, or no ${HEADERS.organization} header`,
        { organization: organizationId },
      );
    }
  }
  return { userId: proven.user.id, projectIds: proven.token.projectIds, organizationId };
}

/** The header's organization id, null when absent; a blank or oversized value is a 400 naming the header. */
export function organizationHeader(req: Request): string | null {
  const raw = req.get(HEADERS.organization);
  if (raw === undefined) return null;
  const value = raw.trim();
  if (value === "" || value.length > MAX_ORGANIZATION_ID || !isPostgresText(value)) {
    throw validationFailed(
      [{ path: `headers.${HEADERS.organization}`, message: "must be an organization id (1 to 128 characters)" }],
      "the Layer-Organization header is not an organization id",
    );
  }
  return value;
}
