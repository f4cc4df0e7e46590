import type { ProjectRole } from "@layer/contracts";
import type { Queryable } from "../db/database.js";

export async function addProjectMember(
  q: Queryable,
  projectId: string,
  userId: string,
  role: ProjectRole,
): Promise<void> {
  await q.query(
    `INSERT INTO project_members (project_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [projectId, userId, role],
  );
}

/** True when a membership was removed. */
export async function removeProjectMember(q: Queryable, projectId: string, userId: string): Promise<boolean> {
  const rows = await q.query("DELETE FROM project_members WHERE project_id = $1 AND user_id = $2 RETURNING user_id", [
    projectId,
    userId,
  ]);
  return rows.length > 0;
}
