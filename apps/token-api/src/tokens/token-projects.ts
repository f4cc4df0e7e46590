import type { Queryable } from "../db/database.js";
import { validationFailed } from "../errors/domain-error.js";

/**
 * A token may be limited only to projects its owner is a member of now: each other id is refused
 * by name (400), so the page can point at it, and a stranger learns no more than from a 404.
 */
export async function assertProjectsOfUser(q: Queryable, userId: string, projectIds: readonly string[]): Promise<void> {
  const rows = await q.query<{ id: string }>(
    "SELECT project_id AS id FROM project_members WHERE user_id = $1 AND project_id = ANY($2::text[])",
    [userId, [...projectIds]],
  );
  const mine = new Set(rows.map((r) => r.id));
  const issues = projectIds.flatMap((id, i) =>
    mine.has(id)
      ? []
      : [{ path: `projectIds.${i}`, message: `${JSON.stringify(id)} is not a project you are a member of` }],
  );
  if (issues.length > 0) throw validationFailed(issues, issues.map((i) => i.message).join("; "));
}
